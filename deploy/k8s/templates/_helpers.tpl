{{/*
Chart name, truncated to the 63 characters Kubernetes allows in a name.
*/}}
{{- define "pum.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified release name: <release>-<chart> unless the release name already contains the chart name.
*/}}
{{- define "pum.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of one component's resources: include "pum.componentName" (dict "root" $ "name" "gateway")
*/}}
{{- define "pum.componentName" -}}
{{- printf "%s-%s" (include "pum.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pum.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pum.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pum.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pum.labels" -}}
helm.sh/chart: {{ include "pum.chart" . }}
{{ include "pum.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: protocol-upgrade-monitor
{{- end }}

{{/*
The one image every component runs; the container args pick the service.
*/}}
{{- define "pum.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Selector labels of one component: include "pum.componentSelectorLabels" (dict "root" $ "name" "gateway")
*/}}
{{- define "pum.componentSelectorLabels" -}}
{{ include "pum.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
Labels of one component's resources.
*/}}
{{- define "pum.componentLabels" -}}
{{ include "pum.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}
