#!/usr/bin/env python3
"""demo-web: serves its site on 127.0.0.1, on a free port it writes to --port-file.

A free port rather than a fixed one: the demo runs many simulated hosts on one machine, and a
fixed port would clash. /health answers the release this server was started with (written by the
AfterInstall hook), so ValidateService can tell a fresh server from a stale one.
"""
import argparse
import functools
import http.server
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--site', required=True, help='directory to serve')
    parser.add_argument('--release', required=True, help='release.json written by AfterInstall')
    parser.add_argument('--port-file', required=True, help='where to write the port once listening')
    args = parser.parse_args()
    with open(args.release, encoding='utf-8') as f:
        release = json.load(f)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path == '/health':
                body = json.dumps(dict(release, status='ok')).encode('utf-8')
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

        def log_message(self, fmt, *fmt_args):
            sys.stderr.write('%s %s\n' % (self.log_date_time_string(), fmt % fmt_args))

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Handler, directory=args.site))
    # Written whole, then renamed: start.sh waits for this file and must never read half of it.
    partial = args.port_file + '.partial'
    with open(partial, 'w', encoding='utf-8') as f:
        f.write('%d\n' % server.server_address[1])
    os.replace(partial, args.port_file)
    sys.stderr.write('demo-web %s serving %s on 127.0.0.1:%d\n' % (release['version'], args.site, server.server_address[1]))
    sys.stderr.flush()
    server.serve_forever()


if __name__ == '__main__':
    main()
