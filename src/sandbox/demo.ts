/**
 * The objects `podexec sandbox` serves when no manifests are given: pods in two namespaces, a
 * three-replica Deployment, a StatefulSet, a multi-container pod with a default container, and a
 * completed pod, so every kind of target can be tried at once.
 */
export const DEMO_MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: toolbox
  namespace: default
  labels:
    app: toolbox
spec:
  containers:
    - name: main
      image: busybox:1.36
      env:
        - name: GREETING
          value: hello from the sandbox
---
apiVersion: v1
kind: Pod
metadata:
  name: web-with-sidecar
  namespace: default
  labels:
    app: web-with-sidecar
  annotations:
    kubectl.kubernetes.io/default-container: web
spec:
  initContainers:
    - name: init-config
      image: busybox:1.36
  containers:
    - name: log-shipper
      image: fluent-bit:3.0
    - name: web
      image: nginx:1.27
      workingDir: /tmp
---
apiVersion: v1
kind: Pod
metadata:
  name: migrate-once
  namespace: default
  labels:
    app: migrate
spec:
  restartPolicy: Never
  containers:
    - name: migrate
      image: busybox:1.36
status:
  phase: Succeeded
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: shop
  labels:
    app: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: frontend
          image: nginx:1.27
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
  labels:
    app: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
          env:
            - name: PGDATA
              value: /tmp/pgdata
`;
