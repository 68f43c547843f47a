#!/usr/bin/python3
"""The production shapes hold what docs/scaling.md promises.

deploy/k8s/*.yaml and deploy/systemd/* are deploy/shapes.py's output (a hand
edit that the table does not know of fails here), and:
  Kubernetes (parsed with PyYAML): every Deployment runs ≥ 2 replicas as a
    non-root user with a read-only root and no privilege escalation, has gRPC
    readiness and liveness probes on its grpc.health.v1 port, memory requests
    and limits at or above what bench/ measured, a PodDisruptionBudget that
    keeps one replica, a headless Service (client-side round-robin), secrets
    only from Secret volumes (none in args or env), and a NetworkPolicy that
    lets it reach exactly the peers it calls (EXPECTED_CALLS, read off the
    code), its database and DNS, and be reached only by its callers;
    a default-deny policy covers the namespace.
  systemd: `systemd-analyze verify` passes every unit without a word (it
    only warns on unknown keys), each runs as its own user with
    NoNewPrivileges and ProtectSystem=strict, and its secrets come from
    LoadCredential, never the command line.

Usage: deploy_shapes_test.py REPO_ROOT BIN_DIR
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

import yaml

root, bin_dir = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


# Who calls whom, read off the code (grep peers.*_address in services/*/,
# the directory client and the notification outbox): every service asks
# identity for people's roles and sends notifications through its outbox.
EXPECTED_CALLS = {
    "identity": set(),
    "drafting": {"identity", "review", "notification"},
    "review": {"identity", "drafting", "publication", "notification"},
    "publication": {"identity", "drafting", "notification"},
    "notification": {"identity", "drafting", "review"},
    "console": {"identity", "drafting", "review", "publication", "notification"},
}
# bench/ (docs/performance.md): ≤ 88 MB per server up to concurrency 16,
# review's 162 MB peak at 64.
MEASURED_RSS_MIB = {"c16": 88, "c64": 162}
HEALTH_PORT = 7100
GRPC_PORT = 7000


def mebibytes(quantity):
    match = re.fullmatch(r"(\d+)(Mi|Gi)", str(quantity))
    if not match:
        return 0
    return int(match.group(1)) * (1024 if match.group(2) == "Gi" else 1)


# 1. The committed files are the generator's output.
with tempfile.TemporaryDirectory() as generated:
    subprocess.run(["/usr/bin/python3", os.path.join(root, "deploy/shapes.py"), generated], check=True)
    for folder in ("k8s", "systemd"):
        for name in sorted(os.listdir(os.path.join(generated, folder))):
            fresh = open(os.path.join(generated, folder, name), encoding="utf-8").read()
            committed_path = os.path.join(root, "deploy", folder, name)
            committed = open(committed_path, encoding="utf-8").read() if os.path.exists(committed_path) else ""
            if fresh != committed:
                diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True),
                                                    "deploy/%s/%s" % (folder, name), "deploy/shapes.py", n=1))
                failures.append("deploy/%s/%s is not deploy/shapes.py's output (run it):\n%s" % (folder, name, diff[:2000]))

# 2. Kubernetes.
documents = []
k8s = os.path.join(root, "deploy/k8s")
for name in sorted(os.listdir(k8s)):
    if name.endswith(".yaml"):
        for document in yaml.safe_load_all(open(os.path.join(k8s, name), encoding="utf-8")):
            if document:
                documents.append((name, document))
by_kind = {}
for name, document in documents:
    by_kind.setdefault(document["kind"], []).append(document)
kustomization = by_kind["Kustomization"][0]
check("secrets.example.yaml" not in kustomization["resources"], "kustomization applies the example Secrets")
applied = {d["metadata"]["name"] for n, d in documents if n in kustomization["resources"] and d["kind"] == "Deployment"}
check(applied == set(EXPECTED_CALLS), "kustomization deploys %s, expected %s" % (sorted(applied), sorted(EXPECTED_CALLS)))
secrets = {d["metadata"]["name"]: set(d["stringData"]) for d in by_kind.get("Secret", [])}
policies = {d["metadata"]["name"]: d for d in by_kind["NetworkPolicy"]}
check("default-deny" in policies and policies["default-deny"]["spec"]["podSelector"] == {}
      and set(policies["default-deny"]["spec"]["policyTypes"]) == {"Ingress", "Egress"},
      "no default-deny NetworkPolicy over the namespace")


def selected(peers):
    return {p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in peers if "podSelector" in p
            and "namespaceSelector" not in p}


for deployment in by_kind["Deployment"]:
    name = deployment["metadata"]["name"]
    labels = deployment["spec"]["selector"]["matchLabels"]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    check(deployment["spec"]["replicas"] >= 2, "%s: %d replica(s)" % (name, deployment["spec"]["replicas"]))
    check(deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, "%s: a rollout may drop a replica" % name)
    check(pod["securityContext"].get("runAsNonRoot") is True, "%s: may run as root" % name)
    check(pod["securityContext"].get("seccompProfile", {}).get("type") == "RuntimeDefault", "%s: no seccomp profile" % name)
    check(pod.get("automountServiceAccountToken") is False, "%s: mounts a Kubernetes API token" % name)
    sc = container["securityContext"]
    check(sc.get("readOnlyRootFilesystem") is True and sc.get("allowPrivilegeEscalation") is False
          and sc.get("capabilities", {}).get("drop") == ["ALL"], "%s: container security context too loose" % name)
    resources = container["resources"]
    request, limit = mebibytes(resources["requests"]["memory"]), mebibytes(resources["limits"]["memory"])
    check(request >= MEASURED_RSS_MIB["c16"] and limit >= MEASURED_RSS_MIB["c64"] * 1.5,
          "%s: memory request %d Mi / limit %d Mi below the measured %s" % (name, request, limit, MEASURED_RSS_MIB))
    if name != "console":
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            check(container.get(probe, {}).get("grpc", {}).get("port") == HEALTH_PORT,
                  "%s: %s is not a gRPC probe on the health port" % (name, probe))
        check("--health-listen=0.0.0.0:%d" % HEALTH_PORT in container["args"], "%s: no health listener" % name)
    # Secrets only from the Secret volume.
    for arg in container["args"]:
        check(not re.search(r"(password|secret|token|key)=(?!/etc/reportflow/)", arg, re.I) or "--tls-ca" in arg,
              "%s: a secret on the command line: %s" % (name, arg))
    for env in container.get("env", []):
        check("value" not in env or not re.search(r"password|secret|token", env["name"], re.I),
              "%s: a secret in the environment: %s" % (name, env["name"]))
    secret_volumes = [v for v in pod["volumes"] if "secret" in v]
    check(len(secret_volumes) == 1, "%s: expected one Secret volume" % name)
    for volume in secret_volumes:
        secret = volume["secret"]["secretName"]
        keys = {item["key"] for item in volume["secret"]["items"]}
        check(secret in secrets and keys <= secrets[secret],
              "%s: mounts %s %s, not documented in secrets.example.yaml" % (name, secret, sorted(keys)))
    # PodDisruptionBudget.
    budgets = [b for b in by_kind["PodDisruptionBudget"] if b["spec"]["selector"]["matchLabels"] == labels]
    check(len(budgets) == 1 and 1 <= budgets[0]["spec"].get("minAvailable", 0) < deployment["spec"]["replicas"],
          "%s: no PodDisruptionBudget keeping one replica" % name)
    # Service.
    services = [s for s in by_kind["Service"] if s["spec"]["selector"] == labels]
    check(len(services) == 1, "%s: %d Services" % (name, len(services)))
    if name != "console" and services:
        check(services[0]["spec"].get("clusterIP") == "None", "%s: the Service is not headless" % name)
    # NetworkPolicy: egress to exactly its peers, ingress from exactly its callers.
    policy = policies.get(name)
    check(policy is not None and policy["spec"]["podSelector"]["matchLabels"] == labels, "%s: no NetworkPolicy" % name)
    if policy is None:
        continue
    egress_peers = set()
    database = False
    for rule in policy["spec"]["egress"]:
        egress_peers |= selected(rule.get("to", []))
        ports = {p["port"] for p in rule.get("ports", [])}
        for peer in rule.get("to", []):
            if "ipBlock" in peer and 3306 in ports:
                database = True
            if "podSelector" in peer and "namespaceSelector" not in peer:
                check(ports == {GRPC_PORT}, "%s: egress to a peer on ports %s" % (name, sorted(ports)))
    check(egress_peers == EXPECTED_CALLS[name],
          "%s: may call %s, expected %s" % (name, sorted(egress_peers), sorted(EXPECTED_CALLS[name])))
    check(database == (name != "console"), "%s: database egress %s" % (name, database))
    callers = {caller for caller, calls in EXPECTED_CALLS.items() if name in calls}
    ingress_from = set()
    for rule in policy["spec"]["ingress"]:
        ingress_from |= selected(rule.get("from", []))
        if "from" not in rule:
            open_ports = {p["port"] for p in rule["ports"]}
            check(open_ports == ({8443} if name == "console" else {HEALTH_PORT}),
                  "%s: open to everyone on %s" % (name, sorted(open_ports)))
    check(ingress_from == callers, "%s: reachable from %s, expected %s" % (name, sorted(ingress_from), sorted(callers)))

# 3. systemd.
units = os.path.join(root, "deploy/systemd")
with tempfile.TemporaryDirectory() as staged:
    names = sorted(n for n in os.listdir(units) if n.endswith(".service"))
    check(len(names) == len(EXPECTED_CALLS), "systemd: %d units, expected one per service" % len(names))
    for name in names:
        text = open(os.path.join(units, name), encoding="utf-8").read()
        service = name[len("reportflow-"):-len(".service")]
        for line in ("NoNewPrivileges=yes", "ProtectSystem=strict", "User=reportflow-%s" % service,
                     "CapabilityBoundingSet=", "PrivateTmp=yes"):
            check(re.search("^%s$" % re.escape(line), text, re.M), "%s: lacks %s" % (name, line))
        execstart = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", text, re.M).group(1)
        for flag in re.findall(r"--[a-z-]*(?:password|key|token|secret)[a-z-]*=(\S+)", execstart):
            check(flag.startswith("%d/") or flag.startswith("/etc/reportflow/keys/") or flag.startswith("/etc/reportflow/tls/ca"),
                  "%s: a secret outside the credentials directory: %s" % (name, flag))
        for credential in re.findall(r"%d/(\S+)", execstart):
            check(re.search(r"^LoadCredential=%s:" % re.escape(credential), text, re.M),
                  "%s: %%d/%s without LoadCredential" % (name, credential))
        binary = os.path.join(bin_dir, "%s-server" % service)
        check(os.access(binary, os.X_OK), "%s: no binary %s to verify against" % (name, binary))
        with open(os.path.join(staged, name), "w", encoding="utf-8") as f:
            f.write(text.replace("/usr/local/bin/", bin_dir.rstrip("/") + "/"))
    verify = subprocess.run(["systemd-analyze", "verify", "--man=no"] + [os.path.join(staged, n) for n in names],
                            capture_output=True, text=True)
    check(verify.returncode == 0 and not verify.stdout.strip() and not verify.stderr.strip(),
          "systemd-analyze verify (exit %d):\n%s%s" % (verify.returncode, verify.stdout, verify.stderr))

deployments = len(by_kind["Deployment"])
print("deploy_shapes: %d Kubernetes objects (%d Deployments, %d NetworkPolicies), %d systemd units checked" % (
    len(documents), deployments, len(policies), len(EXPECTED_CALLS)))
for failure in failures:
    print("FAIL " + failure)
sys.exit(1 if failures else 0)
