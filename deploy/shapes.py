#!/usr/bin/python3
"""Writes the production shapes — the Kubernetes manifests of deploy/k8s/ and
the systemd units of deploy/systemd/ — from one table of the services: who
calls whom, what secrets each reads, what it needs outside. The table is the
single place to change; the files are its output, committed so that they can
be read and applied as they are (kubectl apply -k deploy/k8s/; the units as
deploy/systemd/README.md says). tests/deploy_shapes_test.py checks that they
are this script's output and that they hold the properties docs/scaling.md
promises.

Usage: deploy/shapes.py [DEPLOY_DIR]   (default: the script's folder)
"""
import os
import sys

NAMESPACE = "reportflow"
GRPC_PORT = 7000
HEALTH_PORT = 7100
CONSOLE_PORT = 8443
# Where the database runs: a MariaDB/MySQL primary or a TiDB cluster outside
# this namespace. Replace the CIDR with the database's own addresses.
DATABASE_CIDR = "10.0.50.0/24"
DATABASE_PORT = 3306
IMAGE = "registry.example.gov.cn/reportflow/%s:1.0.0"

# name: (calls, secret files, extra args, external egress ports, memory limit)
# Memory: requests from bench/'s peak RSS at concurrency 16 (≤ 88 MB,
# docs/performance.md), limits above the peak at 64 (review 162 MB);
# publication typesets the PDF (Pango/Cairo, fontconfig's caches).
SERVICES = {
    "identity": dict(calls=[], secret=["db-password", "tls.key", "tls.crt", "service.token", "token-signing.key"],
                     args=["--token-signing-key=/etc/reportflow/secret/token-signing.key"],
                     external=[], memory=("128Mi", "384Mi")),
    "drafting": dict(calls=["identity", "review", "notification"],
                     secret=["db-password", "tls.key", "tls.crt", "service.token"],
                     args=[], external=[], memory=("128Mi", "320Mi")),
    "review": dict(calls=["identity", "drafting", "publication", "notification"],
                   secret=["db-password", "tls.key", "tls.crt", "service.token", "review-signing.key"],
                   args=["--signing-key-file=/etc/reportflow/secret/review-signing.key",
                         "--audit-anchor-dir=/var/lib/reportflow/audit-anchors"],
                   external=[], memory=("128Mi", "384Mi"), anchors=True),
    "publication": dict(calls=["identity", "drafting", "notification"],
                        secret=["db-password", "tls.key", "tls.crt", "service.token", "portal-hmac.key"],
                        args=["--review-public-key-file=/etc/reportflow/public/review-signing.pub",
                              "--portal-sink=http", "--portal-url=$(RF_PORTAL_URL)",
                              "--portal-hmac-key-file=/etc/reportflow/secret/portal-hmac.key"],
                        external=[443], memory=("160Mi", "512Mi")),
    "notification": dict(calls=["identity", "drafting", "review"],
                         secret=["db-password", "tls.key", "tls.crt", "service.token", "smtp-password"],
                         args=["--console-url=$(RF_CONSOLE_URL)",
                               "--smtp-password-file=/etc/reportflow/secret/smtp-password"],
                         external=[443, 465, 587], memory=("128Mi", "320Mi")),
}
CONSOLE_CALLS = ["identity", "drafting", "review", "publication", "notification"]


def address(service):
    return "dns:///%s.%s.svc.cluster.local:%d" % (service, NAMESPACE, GRPC_PORT)


def callers_of(service):
    found = [name for name, spec in SERVICES.items() if service in spec["calls"]]
    if service in CONSOLE_CALLS:
        found.append("console")
    return found


def labels(name, indent):
    pad = " " * indent
    return "%sapp.kubernetes.io/name: %s\n%sapp.kubernetes.io/part-of: reportflow\n" % (pad, name, pad)


def selector_list(names, indent):
    pad = " " * indent
    return "".join("%s- podSelector:\n%s    matchLabels:\n%s      app.kubernetes.io/name: %s\n" % (pad, pad, pad, n)
                   for n in names)


def security_context():
    return """          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
"""


def pod_security():
    return """      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
"""


def egress(calls, external, database):
    rules = ["""  - to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
"""]
    if calls:
        rules.append("  - to:\n%s    ports:\n    - {protocol: TCP, port: %d}\n" % (selector_list(calls, 4), GRPC_PORT))
    if database:
        rules.append("  - to:\n    - ipBlock:\n        cidr: %s\n    ports:\n    - {protocol: TCP, port: %d}\n"
                     % (DATABASE_CIDR, DATABASE_PORT))
    if external:
        rules.append("  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n        except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n"
                     "    ports:\n%s" % "".join("    - {protocol: TCP, port: %d}\n" % p for p in external))
    return "".join(rules)


def service_manifest(name, spec):
    secret_items = "".join("              - {key: %s, path: %s, mode: 0400}\n" % (f, f) for f in spec["secret"])
    args = "".join("            - %s\n" % a for a in spec["args"])
    anchors_mount = anchors_volume = ""
    if spec.get("anchors"):
        anchors_mount = "            - {name: audit-anchors, mountPath: /var/lib/reportflow/audit-anchors}\n"
        anchors_volume = "        - name: audit-anchors\n          persistentVolumeClaim:\n            claimName: reportflow-audit-anchors\n"
    peer_env = "".join("            - {name: RF_%s_ADDR, value: \"%s\"}\n" % (p.upper(), address(p))
                       for p in sorted(set(spec["calls"]) | ({"identity"} if name != "identity" else set())))
    callers = callers_of(name)
    return f"""# {name}-server: {len(spec['calls'])} peers it calls ({', '.join(spec['calls']) or 'none'}), called by {', '.join(callers)}.
# Generated by deploy/shapes.py; edit the table there.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {NAMESPACE}
  labels:
{labels(name, 4)}spec:
  replicas: 2
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxUnavailable: 0, maxSurge: 1}}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
{labels(name, 8)}    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 40
{pod_security()}      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: {name}
      containers:
        - name: {name}
          image: {IMAGE % (name + '-server')}
          args:
            - --listen=0.0.0.0:{GRPC_PORT}
            - --health-listen=0.0.0.0:{HEALTH_PORT}
            - --db-password-file=/etc/reportflow/secret/db-password
            - --tls-cert=/etc/reportflow/secret/tls.crt
            - --tls-key=/etc/reportflow/secret/tls.key
            - --tls-ca=/etc/reportflow/public/ca.crt
            - --jwt-public-key=/etc/reportflow/public/jwt-signing.pub
            - --service-token-file=/etc/reportflow/secret/service.token
            - --shutdown-grace-seconds=30
{args}          env:
            - {{name: RF_DB_HOST, valueFrom: {{configMapKeyRef: {{name: reportflow, key: db-host}}}}}}
            - {{name: RF_DB_PORT, valueFrom: {{configMapKeyRef: {{name: reportflow, key: db-port}}}}}}
            - {{name: RF_DB_USER, value: rf_{name}}}
            - {{name: RF_DB_NAME, value: reportflow_{name}}}
            - {{name: RF_PORTAL_URL, valueFrom: {{configMapKeyRef: {{name: reportflow, key: portal-url}}}}}}
            - {{name: RF_CONSOLE_URL, valueFrom: {{configMapKeyRef: {{name: reportflow, key: console-url}}}}}}
{peer_env}          ports:
            - {{name: grpc, containerPort: {GRPC_PORT}}}
            - {{name: health, containerPort: {HEALTH_PORT}}}
          startupProbe:
            grpc: {{port: {HEALTH_PORT}}}
            periodSeconds: 2
            failureThreshold: 60
          readinessProbe:
            grpc: {{port: {HEALTH_PORT}}}
            periodSeconds: 5
            failureThreshold: 2
          livenessProbe:
            grpc: {{port: {HEALTH_PORT}}}
            periodSeconds: 10
            failureThreshold: 3
          resources:
            requests: {{cpu: 250m, memory: {spec['memory'][0]}}}
            limits: {{memory: {spec['memory'][1]}}}
{security_context()}          volumeMounts:
            - {{name: secret, mountPath: /etc/reportflow/secret, readOnly: true}}
            - {{name: public, mountPath: /etc/reportflow/public, readOnly: true}}
            - {{name: tmp, mountPath: /tmp}}
{anchors_mount}      volumes:
        - name: secret
          secret:
            secretName: reportflow-{name}
            defaultMode: 0400
            items:
{secret_items}        - name: public
          configMap:
            name: reportflow-public
        - name: tmp
          emptyDir: {{sizeLimit: 64Mi}}
{anchors_volume}---
# Headless: the name resolves to every ready replica; callers balance
# round-robin over them (services/common/grpc_client.h).
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {NAMESPACE}
  labels:
{labels(name, 4)}spec:
  clusterIP: None
  selector:
    app.kubernetes.io/name: {name}
  ports:
    - {{name: grpc, port: {GRPC_PORT}, targetPort: grpc}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {name}
  namespace: {NAMESPACE}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
---
# In: its callers on the gRPC port, the kubelet's probes on the health port.
# Out: DNS, the peers it calls, its database{', the outside on ' + ', '.join(map(str, spec['external'])) if spec['external'] else ''}.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {name}
  namespace: {NAMESPACE}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {name}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
{selector_list(callers, 4)}    ports:
    - {{protocol: TCP, port: {GRPC_PORT}}}
  - ports:
    - {{protocol: TCP, port: {HEALTH_PORT}}}
  egress:
{egress(spec['calls'], spec['external'], True)}"""


def console_manifest():
    peer_env = "".join("            - {name: RF_%s_ADDR, value: \"%s\"}\n" % (p.upper(), address(p)) for p in CONSOLE_CALLS)
    return f"""# console-server: the web console over HTTPS; holds no data, calls every service as the signed-in person.
# Generated by deploy/shapes.py; edit the table there.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: console
  namespace: {NAMESPACE}
  labels:
{labels('console', 4)}spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxUnavailable: 0, maxSurge: 1}}
  selector:
    matchLabels:
      app.kubernetes.io/name: console
  template:
    metadata:
      labels:
{labels('console', 8)}    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 40
{pod_security()}      containers:
        - name: console
          image: {IMAGE % 'console-server'}
          args:
            - --listen=0.0.0.0:{CONSOLE_PORT}
            - --tls-cert=/etc/reportflow/secret/tls.crt
            - --tls-key=/etc/reportflow/secret/tls.key
            - --tls-ca=/etc/reportflow/public/ca.crt
            - --session-key-file=/etc/reportflow/secret/session.key
            - --static-dir=/usr/share/reportflow/console
          env:
{peer_env}          ports:
            - {{name: https, containerPort: {CONSOLE_PORT}}}
          startupProbe:
            tcpSocket: {{port: {CONSOLE_PORT}}}
            periodSeconds: 2
            failureThreshold: 30
          readinessProbe:
            tcpSocket: {{port: {CONSOLE_PORT}}}
            periodSeconds: 5
          livenessProbe:
            tcpSocket: {{port: {CONSOLE_PORT}}}
            periodSeconds: 10
          resources:
            requests: {{cpu: 250m, memory: 96Mi}}
            limits: {{memory: 256Mi}}
{security_context()}          volumeMounts:
            - {{name: secret, mountPath: /etc/reportflow/secret, readOnly: true}}
            - {{name: public, mountPath: /etc/reportflow/public, readOnly: true}}
      volumes:
        - name: secret
          secret:
            secretName: reportflow-console
            defaultMode: 0400
            items:
              - {{key: tls.key, path: tls.key, mode: 0400}}
              - {{key: tls.crt, path: tls.crt, mode: 0400}}
              - {{key: session.key, path: session.key, mode: 0400}}
        - name: public
          configMap:
            name: reportflow-public
---
# Not headless: browsers reach it through the cluster's ingress.
apiVersion: v1
kind: Service
metadata:
  name: console
  namespace: {NAMESPACE}
  labels:
{labels('console', 4)}spec:
  selector:
    app.kubernetes.io/name: console
  ports:
    - {{name: https, port: 443, targetPort: https}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: console
  namespace: {NAMESPACE}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: console
---
# In: HTTPS from anywhere (the ingress). Out: DNS and the five services.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: console
  namespace: {NAMESPACE}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: console
  policyTypes: [Ingress, Egress]
  ingress:
  - ports:
    - {{protocol: TCP, port: {CONSOLE_PORT}}}
  egress:
{egress(CONSOLE_CALLS, [], False)}"""


def common_manifest():
    return f"""# The namespace, its default-deny policy, the shared configuration and the
# audit anchors' volume. Generated by deploy/shapes.py.
apiVersion: v1
kind: Namespace
metadata:
  name: {NAMESPACE}
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
# Nothing in or out unless a service's own policy allows it.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: {NAMESPACE}
spec:
  podSelector: {{}}
  policyTypes: [Ingress, Egress]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: reportflow
  namespace: {NAMESPACE}
data:
  db-host: "db.reportflow.internal"
  db-port: "{DATABASE_PORT}"
  portal-url: "https://portal.example.gov.cn/api/reportflow/publications"
  console-url: "https://reportflow.example.gov.cn"
---
# Review's audit anchors: written by every replica, so ReadWriteMany.
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: reportflow-audit-anchors
  namespace: {NAMESPACE}
spec:
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 1Gi
"""


def secrets_example():
    out = ["""# The Secrets the Deployments mount, with the keys each must hold.
# NOT applied by kustomization.yaml: create them from files, e.g.
#   kubectl -n reportflow create secret generic reportflow-drafting \\
#     --from-file=db-password=drafting.password --from-file=tls.key=drafting.key \\
#     --from-file=tls.crt=drafting.crt --from-file=service.token=drafting.token
# and reportflow-public as a ConfigMap: ca.crt, jwt-signing.pub, review-signing.pub.
# Generated by deploy/shapes.py.
"""]
    for name, spec in list(SERVICES.items()) + [("console", dict(secret=["tls.key", "tls.crt", "session.key"]))]:
        out.append("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: reportflow-%s\n  namespace: %s\ntype: Opaque\nstringData:\n%s"
                   % (name, NAMESPACE, "".join("  %s: REPLACE\n" % f for f in spec["secret"])))
    return "".join(out)


def kustomization():
    files = ["common.yaml"] + ["%s.yaml" % n for n in SERVICES] + ["console.yaml"]
    return ("# kubectl apply -k deploy/k8s/ (after creating the Secrets: secrets.example.yaml).\n"
            "# Generated by deploy/shapes.py.\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n" + "".join("  - %s\n" % f for f in files))


# systemd: one machine or several, each service on its own port, peers named
# in /etc/reportflow/reportflow.env (DNS names with one record per machine
# that runs a replica).
SYSTEMD_PORTS = {"identity": 7001, "drafting": 7002, "review": 7003, "publication": 7004,
                 "notification": 7005}
HARDENING = """NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
ProtectProc=invisible
ProcSubset=pid
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
RemoveIPC=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
CapabilityBoundingSet=
AmbientCapabilities=
UMask=0077
"""


def systemd_unit(name, spec, port):
    secret_paths = {"db-password": "db-password", "tls.key": "tls.key", "service.token": "service.token",
                    "token-signing.key": "token-signing.key", "review-signing.key": "review-signing.key",
                    "portal-hmac.key": "portal-hmac.key", "smtp-password": "smtp-password",
                    "session.key": "session.key"}
    credentials = "".join("LoadCredential=%s:/etc/reportflow/credentials/%s/%s\n" % (f, name, secret_paths[f])
                          for f in spec["secret"] if f != "tls.crt")
    args = [a.replace("/etc/reportflow/secret/", "%d/").replace("/etc/reportflow/public/review-signing.pub",
                                                                   "/etc/reportflow/keys/review-signing.pub")
            .replace("/var/lib/reportflow/audit-anchors", "/var/lib/reportflow-review/audit-anchors")
            .replace("$(RF_PORTAL_URL)", "${RF_PORTAL_URL}").replace("$(RF_CONSOLE_URL)", "${RF_CONSOLE_URL}")
            for a in spec["args"]]
    state = "StateDirectory=reportflow-review\n" if spec.get("anchors") else ""
    exec_args = " \\\n    ".join(
        ["/usr/local/bin/%s-server" % name,
         "--listen=${RF_BIND_ADDRESS}:%d" % port, "--health-listen=127.0.0.1:%d" % (port + 100),
         "--db-password-file=%d/db-password", "--tls-cert=/etc/reportflow/tls/%s.crt" % name,
         "--tls-key=%d/tls.key", "--tls-ca=/etc/reportflow/tls/ca.crt",
         "--jwt-public-key=/etc/reportflow/keys/jwt-signing.pub",
         "--service-token-file=%d/service.token", "--shutdown-grace-seconds=30"] + args)
    return f"""# ReportFlow {name}-server. Generated by deploy/shapes.py; edit the table there.
# Install and credentials: deploy/systemd/README.md.
[Unit]
Description=ReportFlow {name} service (gRPC)
Documentation=man:systemd.exec(5)
After=network-online.target
Wants=network-online.target

[Service]
Type=exec
User=reportflow-{name}
Group=reportflow-{name}
EnvironmentFile=/etc/reportflow/reportflow.env
Environment=RF_DB_USER=rf_{name} RF_DB_NAME=reportflow_{name}
{credentials}ExecStart={exec_args}
Restart=always
RestartSec=2s
TimeoutStopSec=40s
KillSignal=SIGTERM
{state}LimitNOFILE=65536
MemoryHigh={spec['memory'][1].replace('Mi', 'M')}
MemoryMax={int(spec['memory'][1][:-2]) * 3 // 2}M
{HARDENING}
[Install]
WantedBy=multi-user.target
"""


def systemd_outputs():
    files = {}
    for name, spec in SERVICES.items():
        files["reportflow-%s.service" % name] = systemd_unit(name, spec, SYSTEMD_PORTS[name])
    console = systemd_unit("console", dict(secret=["tls.key", "session.key"], args=[
        "--session-key-file=/etc/reportflow/secret/session.key", "--static-dir=/usr/share/reportflow/console"],
        memory=("96Mi", "256Mi")), CONSOLE_PORT)
    # console-server has no database, health listener or service token.
    console = "\n".join(line for line in console.split("\n")
                         if not any(k in line for k in ("RF_DB_USER", "--health-listen", "--db-password-file",
                                                        "--jwt-public-key", "--service-token-file",
                                                        "--shutdown-grace-seconds")))
    files["reportflow-console.service"] = console.replace("(gRPC)", "(HTTPS web console)")
    files["reportflow.sysusers"] = ("# systemd-sysusers: one system user per service. Generated by deploy/shapes.py.\n" +
                                   "".join('u reportflow-%s - "ReportFlow %s service" - -\n' % (n, n) for n in list(SERVICES) + ["console"]))
    files["reportflow.env.example"] = ("# /etc/reportflow/reportflow.env, read by every unit (no secrets here:\n"
                                       "# they are credentials, /etc/reportflow/credentials/<service>/).\n"
                                       "# Generated by deploy/shapes.py.\n"
                                       "RF_BIND_ADDRESS=0.0.0.0\nRF_DB_HOST=db.reportflow.internal\nRF_DB_PORT=3306\n" +
                                       "".join("RF_%s_ADDR=dns:///%s.reportflow.internal:%d\n" % (n.upper(), n, p)
                                               for n, p in SYSTEMD_PORTS.items()) +
                                       "RF_PORTAL_URL=https://portal.example.gov.cn/api/reportflow/publications\n"
                                       "RF_CONSOLE_URL=https://reportflow.example.gov.cn\n")
    return files


def outputs():
    files = {"k8s/common.yaml": common_manifest(), "k8s/console.yaml": console_manifest(),
             "k8s/secrets.example.yaml": secrets_example(), "k8s/kustomization.yaml": kustomization()}
    for name, spec in SERVICES.items():
        files["k8s/%s.yaml" % name] = service_manifest(name, spec)
    for name, text in systemd_outputs().items():
        files["systemd/" + name] = text
    return files


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, text in outputs().items():
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
