#!/usr/bin/env python3
"""A local stand-in for the group-robot webhooks of 钉钉, 企业微信 and 飞书.

It answers the way those servers do and checks what they check: 钉钉's
加签 (timestamp and sign in the URL: base64 HMAC-SHA256 of "timestamp\\nsecret"
keyed by the secret, within an hour), 企业微信's key in the URL, 飞书's
签名校验 (timestamp and sign in the body: base64 HMAC-SHA256 of "" keyed by
"timestamp\\nsecret"). Every request is appended to a JSON-lines log with the
title it carried and whether its signature held; a bad signature gets the
platform's own refusal (钉钉 310000, 飞书 19021).

  robot_peer.py PORT LOG DINGTALK_SECRET FEISHU_SECRET WECOM_KEY
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, DINGTALK_SECRET, FEISHU_SECRET, WECOM_KEY = sys.argv[1:6]


def hmac_b64(key, message):
    return base64.b64encode(hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()).decode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        record = {"path": url.path, "signed": False}
        if url.path == "/dingtalk":
            ts = query.get("timestamp", [""])[0]
            sign = query.get("sign", [""])[0]
            fresh = ts.isdigit() and abs(time.time() * 1000 - int(ts)) < 3600 * 1000
            record["signed"] = fresh and sign == hmac_b64(DINGTALK_SECRET, f"{ts}\n{DINGTALK_SECRET}")
            card = body.get("actionCard") or body.get("markdown") or {}
            record["title"] = card.get("title", "")
            record["url"] = card.get("singleURL", "")
            answer = {"errcode": 0, "errmsg": "ok"} if record["signed"] else \
                {"errcode": 310000, "errmsg": "sign not match"}
        elif url.path == "/wecom":
            record["signed"] = query.get("key", [""])[0] == WECOM_KEY
            content = body.get("markdown", {}).get("content", "")
            record["title"] = content.split("\n", 1)[0].strip("*")
            answer = {"errcode": 0, "errmsg": "ok"} if record["signed"] else \
                {"errcode": 93000, "errmsg": "invalid webhook url"}
        elif url.path == "/feishu":
            ts = str(body.get("timestamp", ""))
            fresh = ts.isdigit() and abs(time.time() - int(ts)) < 3600
            record["signed"] = fresh and body.get("sign") == hmac_b64(f"{ts}\n{FEISHU_SECRET}", "")
            record["title"] = body.get("content", {}).get("post", {}).get("zh_cn", {}).get("title", "")
            answer = {"code": 0, "msg": "success"} if record["signed"] else \
                {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        else:
            self.send_error(404)
            return
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.reply(answer)


ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
