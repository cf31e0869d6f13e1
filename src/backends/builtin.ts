/** Importing this module registers the backends that ship with podexec: kube (KubClient), kubectl (oc). */
import './kube/index.js';
import './kubectl/index.js';
