/** The pods every contract case runs against, served by one sandbox. */
export const CONTRACT_MANIFESTS = `
apiVersion: v1
kind: Pod
metadata:
  name: box
  namespace: default
spec:
  containers:
    - name: main
      image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
  namespace: default
  annotations:
    kubectl.kubernetes.io/default-container: web
spec:
  containers:
    - name: sidecar
      image: busybox:1.36
      env:
        - name: WHO
          value: sidecar
    - name: web
      image: busybox:1.36
      env:
        - name: WHO
          value: web
---
apiVersion: v1
kind: Pod
metadata:
  name: finished
  namespace: default
spec:
  restartPolicy: Never
  containers:
    - name: job
      image: busybox:1.36
status:
  phase: Succeeded
---
apiVersion: v1
kind: Pod
metadata:
  name: closes-early
  namespace: default
  annotations:
    sandbox.podexec.io/faults: close-without-status-after-bytes=4
spec:
  containers:
    - name: main
      image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata:
  name: drops-early
  namespace: default
  annotations:
    sandbox.podexec.io/faults: drop-after-bytes=4
spec:
  containers:
    - name: main
      image: busybox:1.36
`;
