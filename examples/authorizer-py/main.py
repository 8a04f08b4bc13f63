#!/usr/bin/python3
"""authorizer.acl-py: a Plateau authorizer module written in Python, run out of process.

The kernel spawns this file (exec:) with the module cookie in its environment; it generates its
Python message classes from the kernel's protos, serves kernel.authorizer.v1.Authorizer,
kernel.module.v1.Module and grpc.health.v1.Health on a unix socket, prints the handshake line
and then answers Authorized calls from an ordered ACL (first match wins, else the default).

Needs Debian's python3-grpcio and python3-grpc-tools (hence /usr/bin/python3).
"""

import importlib.util
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time

NAME = "acl-py"
KIND = "authorizer"
VERSION = "0.1.0"
API_VERSIONS = ["v1"]

COOKIE_KEY = "PLATEAU_MODULE_COOKIE"
COOKIE_VALUE = "a3b5f0c2-plateau-module-v1"
API_VERSIONS_KEY = "PLATEAU_MODULE_API_VERSIONS"
SOCKET_DIR_KEY = "PLATEAU_MODULE_SOCKET_DIR"
ERROR_CODE_KEY = "plateau-error-code"
HEALTH_SERVICE_NAME = "module"

HERE = os.path.dirname(os.path.realpath(__file__))
PROTO_DIR = os.environ.get("PLATEAU_PROTO_DIR") or os.path.join(HERE, "..", "..", "kernel", "host", "proto")
PROTOS = {
    "module": "kernel/module/v1/module.proto",
    "health": "grpc/health/v1/health.proto",
    "authorizer": "kernel/authorizer/v1/authorizer.proto",
}

# JSON Schema of the config; the kernel validates the YAML config against it before Configure.
CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "acls": {
            "type": "array",
            "default": [],
            "description": "Rules tried in order; the first that matches the request decides.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["principals", "actions", "objects", "allow"],
                "properties": {
                    "principals": {
                        "description": 'Principals the rule applies to ("" is the anonymous caller), or "ANY".',
                        "oneOf": [
                            {"const": "ANY"},
                            {"type": "array", "items": {"type": "string"}},
                        ],
                    },
                    "actions": {
                        "description": 'Mesos action names the rule applies to, e.g. RUN_TASK, VIEW_ROLE.',
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "minLength": 1},
                    },
                    "objects": {
                        "description": 'Objects the rule applies to, by value ("web") or type:value ("role:web"), or "ANY" (also requests without an object).',
                        "oneOf": [
                            {"const": "ANY"},
                            {"type": "array", "items": {"type": "string"}},
                        ],
                    },
                    "allow": {"type": "boolean", "description": "The answer when the rule matches."},
                },
            },
        },
        "default": {
            "enum": ["allow", "deny"],
            "default": "deny",
            "description": "The answer when no rule matches.",
        },
    },
}


def log(msg, level=30, **fields):
    """One JSON line on stderr; the kernel forwards it into its log at the same level."""
    rec = {"level": level, "time": int(time.time() * 1000), "msg": msg}
    rec.update(fields)
    try:
        sys.stderr.write(json.dumps(rec) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def refuse_manual_start():
    if os.environ.get(COOKIE_KEY) != COOKIE_VALUE:
        sys.stderr.write(
            "this binary is a Plateau kernel module (%s.%s %s). The kernel starts it: name it in a "
            "module's exec: in plateau.yaml; it is not meant to be run by hand.\n" % (KIND, NAME, VERSION)
        )
        sys.exit(1)


def generate_stubs(out_dir):
    """Runs protoc on the kernel's protos into out_dir and loads the *_pb2 modules by path.

    Loaded by path (not imported as packages) because the health proto's package, grpc.health.v1,
    would otherwise collide with the grpc library itself.
    """
    from grpc_tools import protoc

    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["grpc_tools.protoc", "-I", PROTO_DIR, "-I", include, "--python_out=" + out_dir]
    args += list(PROTOS.values())
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed on %s (from %s)" % (", ".join(PROTOS.values()), os.path.abspath(PROTO_DIR)))
    stubs = {}
    for key, proto in PROTOS.items():
        path = os.path.join(out_dir, proto[: -len(".proto")] + "_pb2.py")
        spec = importlib.util.spec_from_file_location("plateau_acl_py_%s_pb2" % key, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        stubs[key] = mod
    return stubs


class ModuleError(Exception):
    """An error with a Plateau code; sent as the gRPC status of the table plus trailing metadata."""

    def __init__(self, code, status, message):
        super().__init__(message)
        self.code = code
        self.status = status


def invalid(grpc, message):
    return ModuleError("PLT_ERR_INVALID", grpc.StatusCode.INVALID_ARGUMENT, message)


def check_config(grpc, config):
    """Light re-check of what the schema says, so a module dialed without the kernel fails clearly."""
    if not isinstance(config, dict):
        raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, "config must be an object")
    acls = config.get("acls", [])
    default = config.get("default", "deny")
    if not isinstance(acls, list):
        raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, "config.acls must be a list")
    if default not in ("allow", "deny"):
        raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, "config.default must be allow or deny")
    for i, rule in enumerate(acls):
        where = "config.acls.%d" % i
        if not isinstance(rule, dict):
            raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, where + " must be an object")
        for key in ("principals", "objects"):
            v = rule.get(key)
            if v != "ANY" and not (isinstance(v, list) and all(isinstance(s, str) for s in v)):
                raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, '%s.%s must be "ANY" or a list of strings' % (where, key))
        actions = rule.get("actions")
        if not (isinstance(actions, list) and actions and all(isinstance(s, str) and s for s in actions)):
            raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, where + ".actions must be a non-empty list of action names")
        if not isinstance(rule.get("allow"), bool):
            raise ModuleError("PLT_ERR_MODULE_CONFIG", grpc.StatusCode.INVALID_ARGUMENT, where + ".allow must be true or false")
    return {"acls": acls, "default": default}


def decide(config, principal, action, obj_type, obj_value):
    """The ACL decision: (allowed, reason). Rules are tried in order; the first match wins."""
    for i, rule in enumerate(config["acls"]):
        principals = rule["principals"]
        if principals != "ANY" and principal not in principals:
            continue
        if action not in rule["actions"]:
            continue
        objects = rule["objects"]
        if objects != "ANY":
            if not obj_value:
                continue
            names = {obj_value, "%s:%s" % (obj_type, obj_value)} if obj_type else {obj_value}
            if not names.intersection(objects):
                continue
        return rule["allow"], "acls[%d]" % i
    return config["default"] == "allow", "default %s" % config["default"]


class AclModule:
    """State shared by the three services: config, health, and the watchers of health."""

    def __init__(self, grpc, stubs, on_stop):
        self.grpc = grpc
        self.pb = stubs
        self.on_stop = on_stop
        self.config = None
        self.serving = False
        self.closing = False
        self.cond = threading.Condition()

    # -- health ------------------------------------------------------------------------------

    def status_name(self):
        return "SERVING" if self.serving else "NOT_SERVING"

    def set_serving(self, serving):
        with self.cond:
            self.serving = serving
            self.cond.notify_all()

    def close(self):
        with self.cond:
            self.serving = False
            self.closing = True
            self.cond.notify_all()

    def health_response(self):
        H = self.pb["health"].HealthCheckResponse
        return H(status=H.SERVING if self.serving else H.NOT_SERVING)

    def check(self, request, context):
        if request.service not in ("", HEALTH_SERVICE_NAME):
            raise ModuleError("PLT_ERR_NOT_FOUND", self.grpc.StatusCode.NOT_FOUND, "unknown service '%s'" % request.service)
        return self.health_response()

    def watch(self, request, context):
        if request.service not in ("", HEALTH_SERVICE_NAME):
            context.abort(self.grpc.StatusCode.NOT_FOUND, "unknown service '%s'" % request.service)
        context.add_callback(self._wake)
        last = self.serving
        yield self.health_response()
        while context.is_active():
            # Wait for a change without holding the lock while the answer is being sent.
            with self.cond:
                while self.serving == last and not self.closing and context.is_active():
                    self.cond.wait(timeout=1.0)
                if self.closing:
                    return
                last = self.serving
                response = self.health_response()
            if context.is_active():
                yield response

    def _wake(self):
        with self.cond:
            self.cond.notify_all()

    # -- kernel.module.v1.Module -------------------------------------------------------------

    def describe(self, request, context):
        return self.pb["module"].DescribeResponse(
            kind=KIND,
            name=NAME,
            version=VERSION,
            api_versions=API_VERSIONS,
            config_schema_json=json.dumps(CONFIG_SCHEMA),
            provides=[],
        )

    def configure(self, request, context):
        if self.config is not None:
            raise ModuleError("PLT_ERR_CONFLICT", self.grpc.StatusCode.ALREADY_EXISTS, "module is already configured")
        try:
            raw = json.loads(request.config_json) if request.config_json else {}
        except ValueError as e:
            raise invalid(self.grpc, "config is not JSON: %s" % e)
        self.config = check_config(self.grpc, raw)
        log("configured", rules=len(self.config["acls"]), default=self.config["default"], api=request.api_version)
        return self.pb["module"].ConfigureResponse()

    def start(self, request, context):
        if self.config is None:
            raise ModuleError("PLT_ERR_NOT_READY", self.grpc.StatusCode.FAILED_PRECONDITION, "Start before Configure")
        self.set_serving(True)
        log("serving")
        return self.pb["module"].StartResponse()

    def stop(self, request, context):
        self.set_serving(False)
        log("stopping", deadline_ms=request.deadline_ms)
        # Answer first, then leave: the host also sends SIGTERM, whichever comes first wins.
        threading.Timer(0.2, self.on_stop).start()
        return self.pb["module"].StopResponse()

    # -- kernel.authorizer.v1.Authorizer -----------------------------------------------------

    def authorized(self, request, context):
        if self.config is None:
            raise ModuleError("PLT_ERR_NOT_READY", self.grpc.StatusCode.FAILED_PRECONDITION, "module authorizer.%s is not configured" % NAME)
        if not request.action:
            raise invalid(self.grpc, "action is empty: an authorization request names the action (e.g. RUN_TASK)")
        has_object = request.HasField("object")
        obj_type = request.object.type if has_object else ""
        obj_value = request.object.value if has_object else ""
        allowed, reason = decide(self.config, request.principal, request.action, obj_type, obj_value)
        log("decision", level=20, principal=request.principal, action=request.action, object=obj_value, allowed=allowed, reason=reason)
        return self.pb["authorizer"].AuthorizationResponse(allowed=allowed, reason=reason)


def unary(grpc, fn, req_cls, res_cls):
    def handler(request, context):
        try:
            return fn(request, context)
        except ModuleError as e:
            context.set_trailing_metadata(((ERROR_CODE_KEY, e.code),))
            context.abort(e.status, str(e))
        except Exception as e:  # noqa: BLE001 - anything else is a bug here: PLT_ERR_INTERNAL, status UNKNOWN as in the kernel table
            log("call failed: %r" % e, level=50)
            context.set_trailing_metadata(((ERROR_CODE_KEY, "PLT_ERR_INTERNAL"),))
            context.abort(grpc.StatusCode.UNKNOWN, "%s: %s" % (type(e).__name__, e))

    return grpc.unary_unary_rpc_method_handler(
        handler, request_deserializer=req_cls.FromString, response_serializer=res_cls.SerializeToString
    )


def services(grpc, m):
    pb_mod, pb_health, pb_authz = m.pb["module"], m.pb["health"], m.pb["authorizer"]
    module = grpc.method_handlers_generic_handler(
        "kernel.module.v1.Module",
        {
            "Describe": unary(grpc, m.describe, pb_mod.DescribeRequest, pb_mod.DescribeResponse),
            "Configure": unary(grpc, m.configure, pb_mod.ConfigureRequest, pb_mod.ConfigureResponse),
            "Start": unary(grpc, m.start, pb_mod.StartRequest, pb_mod.StartResponse),
            "Stop": unary(grpc, m.stop, pb_mod.StopRequest, pb_mod.StopResponse),
        },
    )
    health = grpc.method_handlers_generic_handler(
        "grpc.health.v1.Health",
        {
            "Check": unary(grpc, m.check, pb_health.HealthCheckRequest, pb_health.HealthCheckResponse),
            "Watch": grpc.unary_stream_rpc_method_handler(
                m.watch,
                request_deserializer=pb_health.HealthCheckRequest.FromString,
                response_serializer=pb_health.HealthCheckResponse.SerializeToString,
            ),
        },
    )
    authorizer = grpc.method_handlers_generic_handler(
        "kernel.authorizer.v1.Authorizer",
        {"Authorized": unary(grpc, m.authorized, pb_authz.AuthorizationRequest, pb_authz.AuthorizationResponse)},
    )
    return [module, health, authorizer]


def main():
    refuse_manual_start()
    host_versions = [v for v in os.environ.get(API_VERSIONS_KEY, "v1").split(",") if v]
    shared = [v for v in API_VERSIONS if v in host_versions]
    if not shared:
        sys.stderr.write("%s.%s serves API %s, the kernel speaks %s: no version in common\n"
                         % (KIND, NAME, ",".join(API_VERSIONS), ",".join(host_versions)))
        sys.exit(1)
    api = max(shared, key=lambda v: int(re.match(r"v(\d*)", v).group(1) or 0))

    import grpc
    from concurrent import futures

    own_dir = not os.environ.get(SOCKET_DIR_KEY)
    sock_dir = os.environ.get(SOCKET_DIR_KEY) or tempfile.mkdtemp(prefix="plateau-module-")
    os.makedirs(sock_dir, exist_ok=True)
    stub_dir = tempfile.mkdtemp(prefix="acl-py-stubs-", dir=sock_dir)
    socket_path = os.path.join(sock_dir, "%s-%s-%d.sock" % (KIND, NAME, os.getpid()))

    def cleanup():
        shutil.rmtree(sock_dir if own_dir else stub_dir, ignore_errors=True)
        if not own_dir:
            try:
                os.unlink(socket_path)
            except FileNotFoundError:
                pass

    try:
        stubs = generate_stubs(stub_dir)
    except Exception as e:  # noqa: BLE001
        sys.stderr.write("cannot generate stubs from %s: %s\n" % (os.path.abspath(PROTO_DIR), e))
        cleanup()
        sys.exit(1)

    done = threading.Event()
    module = AclModule(grpc, stubs, done.set)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers(services(grpc, module))
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    if server.add_insecure_port("unix:" + socket_path) == 0:
        sys.stderr.write("cannot bind unix socket %s\n" % socket_path)
        cleanup()
        sys.exit(1)
    server.start()

    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    sys.stdout.write("1|%s|unix|%s|grpc\n" % (api, socket_path))
    sys.stdout.flush()
    log("listening", socket=socket_path, pid=os.getpid())

    while not done.wait(0.5):
        pass
    module.close()
    server.stop(grace=1.0).wait(2.0)
    cleanup()
    log("stopped")
    sys.exit(0)


if __name__ == "__main__":
    main()
