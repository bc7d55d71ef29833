{{/*
Names, labels and the checks of value combinations that the schema cannot express.
*/}}

{{- define "fleetdeploy.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release name, prefixed with the chart name unless it already contains it
("fleetdeploy" stays "fleetdeploy", "prod" becomes "prod-fleetdeploy").
*/}}
{{- define "fleetdeploy.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/*
Cluster-scoped objects carry the release namespace in their name, so that releases of the same
name in different namespaces (one per tenant) do not claim the same ClusterRole.
*/}}
{{- define "fleetdeploy.clusterScopedName" -}}
{{- printf "%s-%s" (include "fleetdeploy.fullname" .) .Release.Namespace -}}
{{- end -}}

{{- define "fleetdeploy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleetdeploy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleetdeploy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "fleetdeploy.labels" -}}
{{ include "fleetdeploy.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "fleetdeploy.chart" . }}
{{- end -}}

{{- define "fleetdeploy.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fleetdeploy.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: give the name of an existing service account when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "fleetdeploy.leaseName" -}}
{{- default (printf "%s-operator" (include "fleetdeploy.fullname" .)) .Values.leaderElection.leaseName -}}
{{- end -}}

{{/* repository@digest when a digest is given, else repository:tag (the tag defaulting to appVersion). */}}
{{- define "fleetdeploy.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Fails the render with a message naming the values when they contradict each other.
*/}}
{{- define "fleetdeploy.validateValues" -}}
{{- if and .Values.rbac.create (not .Values.rbac.clusterWide) (empty .Values.watchNamespaces) -}}
{{- fail "rbac.clusterWide=false grants access per namespace: list the namespaces to watch in watchNamespaces, or set rbac.clusterWide=true" -}}
{{- end -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) -}}
{{- fail (printf "replicas=%d needs leaderElection.enabled=true: without a Lease every replica would roll out the same Deployments" (int .Values.replicas)) -}}
{{- end -}}
{{- if and (gt (int .Values.shards) 1) (not .Values.leaderElection.enabled) -}}
{{- fail (printf "shards=%d needs leaderElection.enabled=true: each shard holds a Lease of its own, and the shard assigner one more" (int .Values.shards)) -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled=true needs metrics.service.enabled=true: the ServiceMonitor scrapes that Service" -}}
{{- end -}}
{{- end -}}

{{/*
The shards of a sharded install, comma-separated: shard-0,shard-1,...
*/}}
{{- define "fleetdeploy.shardNames" -}}
{{- $names := list -}}
{{- range $i := until (int .Values.shards) -}}
{{- $names = append $names (printf "shard-%d" $i) -}}
{{- end -}}
{{- join "," $names -}}
{{- end -}}

{{/*
The Leases the operator holds: one when not sharded; per shard "<lease>-shard-<i>" and the
assigner's "<lease>-assigner" when sharded.
*/}}
{{- define "fleetdeploy.leaseNames" -}}
{{- $lease := include "fleetdeploy.leaseName" . -}}
{{- if gt (int .Values.shards) 1 -}}
{{- $names := list (printf "%s-assigner" $lease) -}}
{{- range $i := until (int .Values.shards) -}}
{{- $names = append $names (printf "%s-shard-%d" $lease $i) -}}
{{- end -}}
{{- join "," $names -}}
{{- else -}}
{{- $lease -}}
{{- end -}}
{{- end -}}
