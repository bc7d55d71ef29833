{{/*
What the reconcilers need in every namespace they watch: their three kinds (the group controller
creates and deletes Deployments), the status and finalizers subresources, and Events. Nothing
else: no wildcards, and no Secrets but those rbac.webhookSecrets names (get only, by name), which
hold trigger webhook URLs.
*/}}
{{- define "fleetdeploy.operatorRules" -}}
- apiGroups: ["fleetdeploy.io"]
  resources: ["applications", "deploymentgroups", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["fleetdeploy.io"]
  resources: ["applications/status", "deploymentgroups/status", "deployments/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["fleetdeploy.io"]
  resources: ["applications/finalizers", "deploymentgroups/finalizers", "deployments/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- with .Values.rbac.webhookSecrets }}
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: {{ toJson . }}
  verbs: ["get"]
{{- end }}
{{- end -}}
