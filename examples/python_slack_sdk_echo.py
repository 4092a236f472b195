"""An echo bot on python slack_sdk's rtm_v2 (pip install slack_sdk), as `rtm-conformance client` grades it:

    npx rtm-conformance client -- python3 examples/python_slack_sdk_echo.py

Not run by the project's tests (they need no Python packages); the contract is the same as for the Node adapter.
"""
import os
import signal
import sys

from slack_sdk.rtm_v2 import RTMClient
from slack_sdk.web import WebClient

answered = set()
clients = []


def connect(token):
    web = WebClient(token=token, base_url=os.environ["RTM_API_URL"])
    rtm = RTMClient(web_client=web, ping_interval=5)

    @rtm.on("message")
    def echo(client, event):
        text = event.get("text")
        if event.get("subtype") or not isinstance(text, str) or not text.startswith("echo "):
            return
        if event.get("user") == client.bot_id or event.get("user") == client.current_user_id:
            return
        key = (event.get("channel"), event.get("ts"))
        if key in answered:  # Enterprise Grid: the same message once per workspace connection
            return
        answered.add(key)
        client.send(payload={"type": "message", "channel": event["channel"], "text": text[len("echo "):]})

    rtm.connect()
    return rtm


clients.append(connect(os.environ["RTM_TOKEN"]))
if os.environ.get("RTM_TOKEN_2"):
    clients.append(connect(os.environ["RTM_TOKEN_2"]))
signal.signal(signal.SIGTERM, lambda *_: (list(c.disconnect() for c in clients), sys.exit(0)))
signal.pause()
