#!/usr/bin/env python3
"""fleetdeploy host runner: carries out one host plan on this host (docs/host-runner.md).

Needs only python3 (3.8+) and its standard library. Prints one progress line per lifecycle event
and, as its last line, "FLEETDEPLOY-RESULT <json>". Exit code: 0 deployed, 1 an event failed,
2 bad invocation or plan.
"""
import time
# When this process started (before its imports): the host's own measure of a deployment spans
# the whole runner, not only its lifecycle events.
STARTED_MS = int(time.time() * 1000)

import argparse  # noqa: E402 (the start time is taken before the imports on purpose)
import base64
import fcntl
import hashlib
import json
import os
import posixpath
import pwd
import grp
import random
import re
import select
import shutil
import stat
import subprocess
import sys
import tarfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import zipfile

ALL_EVENTS = ('BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic', 'ApplicationStop',
              'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart',
              'ValidateService', 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic')
SYSTEM_EVENTS = ('BlockTraffic', 'DownloadBundle', 'Install', 'AllowTraffic')
PREVIOUS_REVISION_EVENTS = ('BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop')
RESULT_PREFIX = 'FLEETDEPLOY-RESULT '
TAIL_BYTES = 2048
MESSAGE_CHARS = 512
PROGRESS_CHARS = 200
# SSM keeps 24,000 characters of stdout: the result line must fit with the progress lines.
RESULT_BUDGET = 19000
OUTPUT_GRACE_SECONDS = 3.0
KILL_GRACE_SECONDS = 3.0
ID = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$')
SHA256 = re.compile(r'^[0-9a-f]{64}$')
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\x7f]')


class Failure(Exception):
    """An event failed, with the code and diagnostics the result reports."""

    def __init__(self, code, message, script=None, tail=None):
        Exception.__init__(self, message)
        self.code, self.message, self.script, self.tail = code, message, script, tail


class BadInvocation(Exception):
    pass


class Busy(BadInvocation):
    pass


class Unsafe(Exception):
    pass


class TooLarge(Exception):
    """The bundle passed the size limit: downloading it again cannot help."""


def now_ms():
    return int(time.time() * 1000)


def clean(text, limit):
    text = CONTROL.sub('?', text or '')
    return text if len(text) <= limit else text[:limit - 3] + '...'


def redact(location):
    # Presigned URLs carry credentials in the query string: never print it.
    return location.split('?', 1)[0]


# ---------------------------------------------------------------------------- plan

def load_plan(args):
    try:
        if args.plan_file:
            with open(args.plan_file, 'rb') as f:
                raw = f.read()
        elif args.plan_base64:
            raw = base64.b64decode(args.plan_base64, validate=True)
        else:
            raw = sys.stdin.buffer.read()
        plan = json.loads(raw.decode('utf-8'))
    except (OSError, ValueError) as e:
        raise BadInvocation('cannot read the plan: %s' % e)
    check_plan(plan)
    return plan


def need(condition, message):
    if not condition:
        raise BadInvocation('invalid plan: ' + message)


def check_plan(plan):
    need(isinstance(plan, dict), 'not a JSON object')
    need(plan.get('formatVersion') == 1, 'formatVersion must be 1')
    for key in ('deploymentId', 'deploymentGroupId'):
        need(isinstance(plan.get(key), str) and ID.match(plan[key]), key + ' must be a safe id')
    for key in ('applicationName', 'deploymentGroupName'):
        need(isinstance(plan.get(key), str), key + ' missing')
    rev = plan.get('revision')
    need(isinstance(rev, dict) and isinstance(rev.get('location'), str), 'revision.location missing')
    need(isinstance(rev.get('sha256'), str) and SHA256.match(rev['sha256']), 'revision.sha256 must be 64 hex digits')
    need(rev.get('bundleType') in ('zip', 'tar', 'tgz'), 'revision.bundleType must be zip, tar or tgz')
    hooks = plan.get('hooks')
    need(isinstance(hooks, dict), 'hooks missing')
    need(isinstance(plan.get('events'), list) and all(e in ALL_EVENTS or (is_custom_event(e) and e in hooks)
                                                      for e in plan['events']), 'events must name lifecycle events')
    for event, scripts in hooks.items():
        need((event in ALL_EVENTS or is_custom_event(event)) and isinstance(scripts, list),
             'hooks.%s is not a list of scripts' % event)
        for s in scripts:
            need(isinstance(s, dict) and isinstance(s.get('location'), str), 'hooks.%s: script without location' % event)
            need(isinstance(s.get('timeout'), int) and s['timeout'] > 0, 'hooks.%s: timeout must be a positive integer' % event)
    inst = plan.get('install')
    need(isinstance(inst, dict) and inst.get('fileExistsBehavior') in ('DISALLOW', 'OVERWRITE', 'RETAIN'), 'install.fileExistsBehavior')
    for f in inst.get('files', []):
        need(isinstance(f.get('source'), str) and str(f.get('destination', '')).startswith('/'), 'install.files entry')
    for p in inst.get('permissions', []):
        need(str(p.get('object', '')).startswith('/'), 'install.permissions entry without an absolute object')
        need(p.get('mode') is None or re.match(r'^[0-7]{3,4}$', str(p['mode'])), 'install.permissions mode')
    need(isinstance(plan.get('environment'), dict), 'environment missing')


def is_custom_event(name):
    # Custom events (fleetdeploy local --events, as codedeploy-local) run this revision's scripts.
    return isinstance(name, str) and 0 < len(name) <= 128 and not CONTROL.search(name) and '\n' not in name


# ---------------------------------------------------------------------------- host paths

class Host:
    """Maps absolute host paths under the root prefix (/ on a real host)."""

    def __init__(self, root):
        self.root = os.path.abspath(root)

    def path(self, absolute):
        norm = posixpath.normpath('/' + absolute.lstrip('/'))
        if self.root == '/':
            return norm
        return self.root if norm == '/' else os.path.join(self.root, norm.lstrip('/'))


def inside(path, directory):
    real, base = os.path.realpath(path), os.path.realpath(directory)
    return real == base or real.startswith(base.rstrip('/') + '/')


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def write_json(path, value):
    tmp = '%s.tmp-%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        json.dump(value, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------- bundle

def safe_name(raw):
    if '\x00' in raw or '\n' in raw:
        raise Unsafe('%r: control characters in a name' % raw)
    if raw.startswith('/'):
        raise Unsafe('%s: absolute paths are not allowed in a bundle' % raw)
    parts = [p for p in raw.split('/') if p not in ('', '.')]
    if '..' in parts:
        raise Unsafe("%s: '..' would climb out of the bundle" % raw)
    return '/'.join(parts)


class Extractor:
    """Unpacks an archive into a staging directory and nowhere else."""

    def __init__(self, dest, limit):
        self.dest, self.limit, self.total = os.path.realpath(dest), limit, 0

    def target(self, name):
        target = os.path.join(self.dest, name)
        parent = os.path.dirname(target)
        if not inside(parent, self.dest):
            raise Unsafe('%s: a link in its path leads out of the bundle' % name)
        os.makedirs(parent, exist_ok=True)
        if not inside(parent, self.dest):
            raise Unsafe('%s: a link in its path leads out of the bundle' % name)
        if os.path.lexists(target) and not os.path.isdir(target):
            raise Unsafe('%s: appears twice in the archive' % name)
        return target

    def directory(self, name):
        if name:
            target = self.target(name)
            if os.path.lexists(target) and not os.path.isdir(target):
                raise Unsafe('%s: appears twice in the archive' % name)
            os.makedirs(target, exist_ok=True)

    def symlink(self, name, link):
        target = self.target(name)
        if link.startswith('/') or not inside(os.path.join(os.path.dirname(target), link), self.dest):
            raise Unsafe('%s: symbolic link to %s points outside the bundle' % (name, link))
        os.symlink(link, target)

    def file(self, name, source, mode):
        target = self.target(name)
        if os.path.isdir(target):
            raise Unsafe('%s: appears twice in the archive' % name)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, (mode & 0o777) | 0o600)
        with os.fdopen(fd, 'wb') as out:
            while True:
                chunk = source.read(65536)
                if not chunk:
                    break
                self.total += len(chunk)
                if self.total > self.limit:
                    raise Unsafe('the bundle expands to more than %d bytes' % self.limit)
                out.write(chunk)

    def tar(self, archive):
        with tarfile.open(archive, 'r:*') as t:
            for m in t:
                name = safe_name(m.name)
                if m.isdev() or m.isfifo():
                    raise Unsafe('%s: device and fifo entries are not allowed' % m.name)
                if not name:
                    continue
                if m.isdir():
                    self.directory(name)
                elif m.issym():
                    self.symlink(name, m.linkname)
                elif m.islnk():
                    src = os.path.join(self.dest, safe_name(m.linkname))
                    if os.path.islink(src) or not os.path.isfile(src) or not inside(src, self.dest):
                        raise Unsafe('%s: hard link to %s, which is not a file of the bundle' % (m.name, m.linkname))
                    with open(src, 'rb') as source:
                        self.file(name, source, m.mode)
                elif m.isfile():
                    self.file(name, t.extractfile(m), m.mode)

    def zip(self, archive):
        with zipfile.ZipFile(archive) as z:
            for info in z.infolist():
                name = safe_name(info.filename)
                mode = info.external_attr >> 16
                kind = stat.S_IFMT(mode)
                if kind and kind not in (stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK):
                    raise Unsafe('%s: device and fifo entries are not allowed' % info.filename)
                if not name:
                    continue
                if info.is_dir() or kind == stat.S_IFDIR:
                    self.directory(name)
                elif kind == stat.S_IFLNK:
                    self.symlink(name, z.read(info).decode('utf-8', 'replace'))
                else:
                    with z.open(info) as source:
                        self.file(name, source, mode & 0o777 or 0o644)


def nested_bundle_root(staging):
    """The unpacked bundle's root, as the CodeDeploy agent finds it: an archive that wraps the bundle
    in one folder (no appspec.* at the top, exactly one top-level folder holding one) has that
    folder as its root; the operator's AppSpec check applies the same rule (NestedBundleRoot)."""
    names = os.listdir(staging)
    if any(n.startswith('appspec.') for n in names):
        return staging, []
    holders = [n for n in names if not n.startswith('.') and os.path.isdir(os.path.join(staging, n))
               and not os.path.islink(os.path.join(staging, n))
               for m in os.listdir(os.path.join(staging, n)) if m.startswith('appspec.')]
    if len(holders) != 1:
        return staging, []
    return os.path.join(staging, holders[0]), sorted(n for n in names if n != holders[0])


DOWNLOAD_ATTEMPTS = 6


def download(location, target, limit):
    if location.startswith(('http://', 'https://')):
        for attempt in range(DOWNLOAD_ATTEMPTS):
            last = attempt == DOWNLOAD_ATTEMPTS - 1
            try:
                with urllib.request.urlopen(location, timeout=60) as response:
                    return copy_hashing(response, target, limit)
            except urllib.error.HTTPError as e:
                # 5xx (S3's 503 SlowDown) and 429 ask for fewer requests: try again later.
                if (e.code < 500 and e.code != 429) or last:
                    raise
            except (urllib.error.URLError, OSError):
                if last:
                    raise
            # Exponential backoff with full jitter, as the AWS SDKs do: a whole fleet throttled
            # at the same moment must not come back at the same moment.
            time.sleep(random.uniform(0, min(8.0, 0.5 * 2 ** attempt)))
    path = urllib.parse.unquote(urllib.parse.urlparse(location).path) if location.startswith('file://') else location
    if not path.startswith('/'):
        raise OSError('not an http(s) URL, file:// URL or absolute path')
    with open(path, 'rb') as source:
        return copy_hashing(source, target, limit)


def copy_hashing(source, target, limit):
    digest, size = hashlib.sha256(), 0
    with open(target, 'wb') as out:
        while True:
            chunk = source.read(1 << 20)
            if not chunk:
                return digest.hexdigest()
            size += len(chunk)
            if size > limit:
                raise TooLarge('the bundle is larger than %d bytes' % limit)
            digest.update(chunk)
            out.write(chunk)


# ---------------------------------------------------------------------------- scripts

class ScriptOutput:
    """Drains a script's stdout and stderr into the log file; the event's tail (shared by its
    scripts, as the agent's is) keeps the last bytes."""

    def __init__(self, log, tail):
        self.log, self.lock, self.tail, self.stop = log, threading.Lock(), tail, False
        self.threads = []

    def follow(self, fd, label):
        thread = threading.Thread(target=self.drain, args=(fd, label))
        thread.daemon = True
        thread.start()
        self.threads.append(thread)

    def drain(self, fd, label):
        pending = b''
        try:
            while not self.stop:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                lines = (pending + chunk).split(b'\n')
                pending = lines.pop()
                for line in lines:
                    self.write(label, line + b'\n')
            if pending:
                self.write(label, pending + b'\n')
        finally:
            os.close(fd)

    def write(self, label, line):
        entry = b'[' + label + b']' + line
        with self.lock:
            self.tail[0] = (self.tail[0] + entry)[-TAIL_BYTES:]
            self.log.write(time.strftime('%Y-%m-%d %H:%M:%S ').encode() + entry)
            self.log.flush()

    def wait(self, seconds):
        deadline = time.time() + seconds
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.time()))
        return not any(t.is_alive() for t in self.threads)

    def text(self):
        with self.lock:
            return self.tail[0].decode('utf-8', 'replace')


def kill_group(pgid):
    for sig, grace in ((15, KILL_GRACE_SECONDS), (9, 1.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.time() + grace
        while time.time() < deadline:
            if not group_alive(pgid):
                return
            time.sleep(0.05)


def group_alive(pgid):
    # Orphaned children become zombies until init reaps them: those count as gone.
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                with open('/proc/%s/stat' % pid) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                if fields[0] != 'Z' and int(fields[2]) == pgid:
                    return True
            except (OSError, IndexError, ValueError):
                pass
    return False


LEFT_RUNNING_MAX = 10


def left_running(session):
    """The live processes still in a finished script's session: what it started and left running.
    Processes that made their own session (daemons that call setsid, systemd services) are not
    seen."""
    found = []
    for pid in sorted((p for p in os.listdir('/proc') if p.isdigit()), key=int):
        try:
            with open('/proc/%s/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            if fields[0] == 'Z' or int(fields[3]) != session:
                continue
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                command = f.read().replace(b'\0', b' ').decode('utf-8', 'replace').strip()
            found.append((int(pid), clean(command, 80)))
        except (OSError, IndexError, ValueError):
            pass
    return found


# ---------------------------------------------------------------------------- deployment

class Deployment:
    def __init__(self, plan, host, group_dir, args):
        self.plan, self.host, self.group_dir, self.args = plan, host, group_dir, args
        self.revisions = os.path.join(group_dir, 'revisions')
        self.last = read_json(os.path.join(group_dir, 'last-successful.json'))
        self.revision_dir = None
        self.downloaded = False
        self.left_running = []
        os.makedirs(os.path.join(group_dir, 'logs'), exist_ok=True)
        self.log = open(os.path.join(group_dir, 'logs', plan['deploymentId'] + '.log'), 'ab')

    def run(self):
        plan, selected = self.plan, self.args.events
        events, failed = [], False
        fetch_start, fetch_error = now_ms(), None
        # A plan without DownloadBundle and Install only stops the application (before scale-in):
        # it needs no bundle and changes no record of what is installed.
        stop_only = not any(e in plan['events'] for e in ('DownloadBundle', 'Install'))
        # Fetch before anything else: a bad bundle must not stop the running application.
        try:
            if not stop_only:
                self.fetch()
        except Exception as e:
            fetch_error = e if isinstance(e, Failure) else Failure('BundleDownloadFailed', '%s: %s' % (type(e).__name__, e))
        fetch_end = now_ms()
        for name in plan['events']:
            result = {'name': name}
            if failed:
                self.skip(result, 'not run: an earlier event failed')
            elif name == 'DownloadBundle':
                result.update(start=fetch_start, end=fetch_end)
                if fetch_error:
                    self.fail(result, fetch_error)
                    failed = True
                else:
                    result.update(status='Succeeded', message='downloaded and verified' if self.downloaded
                                  else 'revision already on this host: no download')
            elif selected is not None and name not in selected:
                self.skip(result, 'not selected with --events')
            elif fetch_error and name in PREVIOUS_REVISION_EVENTS:
                self.skip(result, 'not run: the new revision could not be fetched, so the application was left running')
            elif name in ('BlockTraffic', 'AllowTraffic'):
                self.skip(result, 'traffic is switched by the fleetdeploy controller, not on the host')
            else:
                result['start'] = now_ms()
                try:
                    self.event(name, result)
                    result.setdefault('status', 'Succeeded')
                except Exception as e:
                    f = e if isinstance(e, Failure) else Failure('UnknownError', '%s: %s' % (type(e).__name__, e))
                    self.fail(result, f)
                    if name in PREVIOUS_REVISION_EVENTS and plan.get('ignoreApplicationStopFailures'):
                        result['ignored'] = True
                        result['message'] = clean('failure ignored (ignoreApplicationStopFailures): ' + f.message, MESSAGE_CHARS)
                    else:
                        failed = True
                result['end'] = now_ms()
            events.append(result)
            progress(result)
        status = 'Failed' if failed else 'Succeeded'
        if not failed and not stop_only:
            write_json(os.path.join(self.group_dir, 'last-successful.json'), {
                'deploymentId': plan['deploymentId'], 'sha256': plan['revision']['sha256'],
                'hooks': plan['hooks'], 'at': now_ms()})
            self.last = read_json(os.path.join(self.group_dir, 'last-successful.json'))
        self.prune()
        self.log.close()
        result = {'deploymentId': plan['deploymentId'], 'status': status, 'downloaded': self.downloaded,
                  'replay': False, 'events': events}
        if self.left_running:
            result['leftRunning'] = self.left_running
        return result

    def skip(self, result, message):
        result.update(status='Skipped', message=message)

    def fail(self, result, failure):
        result.update(status='Failed', errorCode=failure.code, message=clean(failure.message, MESSAGE_CHARS))
        if failure.script:
            result['scriptName'] = failure.script
        if failure.tail:
            result['logTail'] = failure.tail

    def event(self, name, result):
        if name == 'Install':
            self.install()
            return
        if name in PREVIOUS_REVISION_EVENTS:
            if not self.last:
                result.update(status='Skipped', message='no earlier successful deployment of this group on this host')
                return
            base = os.path.join(self.revisions, self.last['sha256'])
            result['scriptsFrom'] = self.last['deploymentId']
            scripts = self.last.get('hooks', {}).get(name, [])
            if scripts and not os.path.isdir(base):
                raise Failure('UnknownError', 'the revision of deployment %s is no longer on this host' % self.last['deploymentId'])
        else:
            base, scripts = self.revision_dir, self.plan['hooks'].get(name, [])
        self.tail = [b'']
        if scripts:
            self.log.write(('LifecycleEvent - %s\n' % name).encode())
        for script in scripts:
            self.script(name, script, base)
        if 'scriptsFrom' in result:
            result['message'] = 'ran %d script(s) of deployment %s' % (len(scripts), result['scriptsFrom'])

    # -- DownloadBundle

    def fetch(self):
        rev = self.plan['revision']
        os.makedirs(self.revisions, exist_ok=True)
        target = os.path.join(self.revisions, rev['sha256'])
        if os.path.isdir(target):
            os.utime(target)
            self.revision_dir = target
            return
        tmp = os.path.join(self.revisions, '.download-%d' % os.getpid())
        staging = os.path.join(self.revisions, '.staging-%d' % os.getpid())
        try:
            try:
                digest = download(rev['location'], tmp, self.args.max_bundle_bytes)
            except Exception as e:
                raise Failure('BundleDownloadFailed', 'cannot fetch the bundle from %s: %s' % (redact(rev['location']), e))
            if digest != rev['sha256']:
                raise Failure('BundleChecksumMismatch', 'the bundle from %s has sha256 %s but the plan expects %s: nothing was unpacked'
                              % (redact(rev['location']), digest, rev['sha256']))
            os.makedirs(staging)
            extractor = Extractor(staging, self.args.max_expanded_bytes)
            try:
                extractor.zip(tmp) if rev['bundleType'] == 'zip' else extractor.tar(tmp)
            except Unsafe as e:
                raise Failure('BundleUnsafe', 'refused to unpack the bundle: %s' % e)
            except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError) as e:
                raise Failure('BundleUnsafe', 'cannot unpack the bundle as %s: %s' % (rev['bundleType'], e))
            root, outside = nested_bundle_root(staging)
            if root != staging:
                self.log.write(('Bundle files are inside the folder %s/: it is the bundle root%s\n' % (
                    os.path.basename(root), '; not deployed: ' + ', '.join(outside[:10]) if outside else '')).encode())
            os.rename(root, target)
            self.revision_dir, self.downloaded = target, True
        finally:
            if os.path.lexists(tmp):
                os.remove(tmp)
            if os.path.isdir(staging):
                shutil.rmtree(staging, ignore_errors=True)

    # -- Install

    def install(self):
        inst, host = self.plan['install'], self.host
        installed = os.path.join(self.group_dir, 'installed.txt')
        try:
            with open(installed) as f:
                previous = [line.rstrip('\n') for line in f if line.endswith('\n')]
        except OSError:
            previous = []
        for path in reversed(previous):
            mapped = host.path(path)
            try:
                if os.path.isdir(mapped) and not os.path.islink(mapped):
                    os.rmdir(mapped)
                elif os.path.lexists(mapped):
                    os.remove(mapped)
            except OSError:
                pass  # a directory someone added files to stays, as with CodeDeploy
        if os.path.lexists(installed):
            os.remove(installed)
        steps, copies, mkdirs = [], {}, set()
        behavior = inst['fileExistsBehavior']

        def mkdir(path):
            if path in copies:
                raise Failure('InstallFailed', '%s is both a file and a directory of this revision' % path)
            if path not in mkdirs:
                mkdirs.add(path)
                steps.append(('mkdir', None, path))

        def ancestors(path):
            missing, parent = [], posixpath.dirname(path)
            while parent != '/' and not os.path.exists(host.path(parent)):
                missing.insert(0, parent)
                parent = posixpath.dirname(parent)
            for d in missing:
                mkdir(d)

        def copy(src, dest):
            if dest in copies or dest in mkdirs:
                raise Failure('InstallFailed', 'two sources of this revision go to %s' % dest)
            if os.path.lexists(host.path(dest)):
                if behavior == 'DISALLOW':
                    raise Failure('FileAlreadyExists', '%s already exists and the previous deployment of this group did not'
                                  ' install it (file_exists_behavior DISALLOW): remove it, or set file_exists_behavior'
                                  ' to OVERWRITE or RETAIN' % dest)
                if behavior == 'RETAIN':
                    return
            copies[dest] = src
            steps.append(('copy', src, dest))

        def tree(src, dest):
            if not os.path.isdir(host.path(dest)):
                mkdir(dest)
            for entry in sorted(os.listdir(src)):
                s, d = os.path.join(src, entry), posixpath.join(dest, entry)
                tree(s, d) if os.path.isdir(s) and not os.path.islink(s) else copy(s, d)

        for i, mapping in enumerate(inst.get('files', [])):
            src = os.path.join(self.revision_dir, mapping['source'])
            dest = posixpath.normpath(mapping['destination'])
            if not os.path.lexists(src) or not inside(os.path.dirname(src) if os.path.islink(src) else src, self.revision_dir):
                raise Failure('InstallFailed', "files[%d].source '%s' is not in the bundle" % (i, mapping['source']))
            if os.path.isdir(src) and not os.path.islink(src):
                ancestors(dest)
                tree(src, dest)
            else:
                target = posixpath.join(dest, os.path.basename(src))
                ancestors(target)
                copy(src, target)
        with open(installed, 'a') as record:
            for kind, src, dest in steps:
                # Record first: a crash half way still lets the next deployment clean up.
                record.write(dest + '\n')
                record.flush()
                mapped = host.path(dest)
                try:
                    if kind == 'mkdir':
                        os.mkdir(mapped, 0o755)
                        continue
                    if os.path.isdir(mapped) and not os.path.islink(mapped):
                        raise Failure('InstallFailed', 'cannot replace the directory %s with a file' % dest)
                    if os.path.lexists(mapped):
                        os.remove(mapped)
                    if os.path.islink(src):
                        os.symlink(os.readlink(src), mapped)
                    else:
                        shutil.copy2(src, mapped)
                except OSError as e:
                    raise Failure('InstallFailed', 'cannot install %s: %s' % (dest, e.strerror or e))
        self.permissions(inst.get('permissions', []), set(copies), mkdirs)

    def permissions(self, rules, files, dirs):
        done = set()
        for i, rule in enumerate(rules):
            obj, types = posixpath.normpath(rule['object']), rule.get('types', ['file', 'directory'])
            if obj in files:
                if 'file' not in types:
                    continue
                if rule.get('pattern', '**') != '**' or rule.get('except'):
                    raise Failure('PermissionsFailed', 'permissions[%d]: %s is a file, so pattern and except cannot apply' % (i, obj))
                targets = [obj]
            elif obj in dirs or os.path.isdir(self.host.path(obj)):
                targets = sorted([f for f in files if 'file' in types and matches(rule, obj, f)]
                                 + [d for d in dirs if 'directory' in types and matches(rule, obj, d)])
            else:
                continue
            for target in targets:
                if target in done:
                    raise Failure('PermissionsFailed', 'permissions[%d]: %s already got permissions from an earlier rule' % (i, target))
                done.add(target)
                self.apply(i, rule, target)

    def apply(self, i, rule, target):
        mapped, where = self.host.path(target), 'permissions[%d]' % i
        try:
            if rule.get('mode'):
                os.chmod(mapped, int(rule['mode'], 8))
            if rule.get('acls'):
                tool(where, 'acls', 'setfacl', 'acl')
                perm = stat.S_IMODE(os.stat(mapped).st_mode)
                base = 'u::%s,g::%s,o::%s' % tuple(rwx(perm >> s) for s in (6, 3, 0))
                run_tool(where, ['setfacl', '--set', ','.join([base] + rule['acls']), mapped])
            if rule.get('context'):
                tool(where, 'context', 'semanage', 'policycoreutils-python-utils')
                tool(where, 'context', 'restorecon', 'policycoreutils')
                c = rule['context']
                cmd = ['semanage', 'fcontext', '-a', '-t', c['type']] + (['-s', c['user']] if c.get('user') else []) \
                    + (['-r', c['range']] if c.get('range') else []) + [os.path.realpath(mapped)]
                run_tool(where, cmd)
                run_tool(where, ['restorecon', os.path.realpath(mapped)])
            if rule.get('owner') or rule.get('group'):
                uid = lookup(where, 'owner', rule.get('owner'), pwd.getpwnam, 'pw_uid')
                gid = lookup(where, 'group', rule.get('group'), grp.getgrnam, 'gr_gid')
                os.lchown(mapped, uid, gid)
        except OSError as e:
            raise Failure('PermissionsFailed', '%s: cannot set permissions on %s: %s' % (where, target, e.strerror or e))

    # -- scripts

    def script(self, event, script, base):
        loc = script['location']
        path = os.path.join(base, loc)
        if not inside(path, base):
            raise Failure('ScriptMissing', 'Script %s resolves outside the revision' % loc, loc)
        if not os.path.isfile(path):
            raise Failure('ScriptMissing', 'Script does not exist at specified location: %s' % loc, loc)
        mode = os.stat(path).st_mode
        if not mode & stat.S_IXUSR:
            try:
                os.chmod(path, mode | 0o111)
                self.log.write(('Script %s was not executable: made it executable\n' % loc).encode())
            except OSError as e:
                raise Failure('ScriptNotExecutable', 'Unable to set script at specified location: %s as executable: %s' % (loc, e), loc)
        env = dict(os.environ)
        env.update(self.plan['environment'])
        env.update(LIFECYCLE_EVENT=event, FLEETDEPLOY_ROOT=self.host.root)
        user, demote, runas = None, None, script.get('runas')
        if runas:
            try:
                user = pwd.getpwnam(runas)
            except KeyError:
                raise Failure('ScriptFailed', "Script %s cannot run as user '%s': no such user on this host" % (loc, runas), loc)
            if user.pw_uid != os.geteuid():
                if os.geteuid() != 0:
                    raise Failure('ScriptFailed', 'Script %s cannot run as %s: the runner is not root' % (loc, runas), loc)

                def demote():
                    os.initgroups(user.pw_name, user.pw_gid)
                    os.setgid(user.pw_gid)
                    os.setuid(user.pw_uid)
            env.update(HOME=user.pw_dir, USER=user.pw_name, LOGNAME=user.pw_name)
        with open(path, 'rb') as f:
            # Scripts without #! run with sh, as execvp would.
            command = [path] if f.read(2) == b'#!' else ['/bin/sh', path]
        self.log.write(('Script - %s\n' % loc).encode())
        output = ScriptOutput(self.log, self.tail)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out_w, stderr=err_w, cwd=base, env=env,
                                    start_new_session=True, preexec_fn=demote, close_fds=True)
        except OSError as e:
            for fd in (out_r, out_w, err_r, err_w):
                os.close(fd)
            raise Failure('ScriptFailed', 'Script %s could not start: %s' % (loc, e), loc)
        os.close(out_w)
        os.close(err_w)
        output.follow(out_r, b'stdout')
        output.follow(err_r, b'stderr')
        try:
            code = proc.wait(timeout=script['timeout'])
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            proc.wait()
            output.wait(1.0)
            output.stop = True
            raise Failure('ScriptTimedOut', 'Script at specified location: %s failed to complete in %d seconds; its process group was killed'
                          % (loc, script['timeout']), loc, output.text())
        if not output.wait(OUTPUT_GRACE_SECONDS):
            kill_group(proc.pid)
            output.stop = True
            raise Failure('OutputsLeftOpen', 'Script at specified location: %s exited (code %d) but a process it started in the background'
                          ' still holds its stdout/stderr, so fleetdeploy stopped that process group. Start servers so that'
                          ' they do not inherit the output: redirect it (nohup server >/var/log/app.log 2>&1 </dev/null &)'
                          ' or use systemd.' % (loc, code), loc, output.text())
        self.note_left_running(event, loc, proc.pid)
        if code != 0:
            who = ' run as user %s' % runas if runas else ''
            raise Failure('ScriptFailed', 'Script at specified location: %s%s failed with exit code %d' % (loc, who, code), loc, output.text())

    def note_left_running(self, event, loc, session):
        # Each script leads its own session (start_new_session), so what stays in it was started by it.
        for pid, command in left_running(session):
            self.log.write(('Script %s left running: pid %d %s\n' % (loc, pid, command)).encode())
            if len(self.left_running) < LEFT_RUNNING_MAX:
                self.left_running.append({'pid': pid, 'command': command, 'event': event, 'script': loc})

    # -- revisions

    def prune(self):
        keep = {self.plan['revision']['sha256']}
        if self.last:
            keep.add(self.last['sha256'])
        try:
            names = [n for n in os.listdir(self.revisions) if SHA256.match(n)]
        except OSError:
            return
        names.sort(key=lambda n: os.stat(os.path.join(self.revisions, n)).st_mtime, reverse=True)
        kept = [n for n in names if n in keep]
        for name in names:
            if name in keep:
                continue
            if len(kept) < self.args.keep_revisions:
                kept.append(name)
            else:
                shutil.rmtree(os.path.join(self.revisions, name), ignore_errors=True)


def matches(rule, obj, path):
    prefix = obj.rstrip('/') + '/'
    if not path.startswith(prefix):
        return False
    rel = path[len(prefix):]
    if rule.get('pattern', '**') != '**' and not glob(rule['pattern'], rel):
        return False
    return not any(glob(e, rel) for e in rule.get('except', []))


def glob(pattern, name):
    # The agent's globs know only '*' and never cross a '/'.
    return '/' not in name and re.match('^' + '.*'.join(re.escape(p) for p in pattern.split('*')) + '$', name) is not None


def rwx(bits):
    return ''.join(c if bits & m else '-' for c, m in (('r', 4), ('w', 2), ('x', 1)))


def tool(where, key, name, package):
    if not shutil.which(name):
        raise Failure('PermissionsFailed', '%s: %s need %s, which is not installed on this host (install %s)' % (where, key, name, package))


def run_tool(where, cmd):
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise Failure('PermissionsFailed', '%s: %s failed (exit %d): %s' % (where, ' '.join(cmd[:2]), done.returncode,
                                                                          done.stdout.decode('utf-8', 'replace').strip()))


def lookup(where, key, name, get, attr):
    if not name:
        return -1
    try:
        return getattr(get(name), attr)
    except KeyError:
        raise Failure('PermissionsFailed', "%s: %s '%s' does not exist on this host" % (where, key, name))


# ---------------------------------------------------------------------------- output

def progress(event):
    took = ''
    if event.get('start') and event.get('end'):
        took = ' in %.2fs' % ((event['end'] - event['start']) / 1000.0)
    detail = event.get('errorCode') or ''
    if event.get('scriptName'):
        detail += ' ' + event['scriptName']
    if event['status'] != 'Failed' or event.get('ignored'):
        detail = event.get('message', '')
    line = 'fleetdeploy: %-18s %-9s%s%s' % (event['name'], event['status'], took, ': ' + detail if detail else '')
    print(clean(line, PROGRESS_CHARS), flush=True)


def emit(result):
    for event in result.get('events', []):
        if 'logTail' in event:
            event['logTail'] = CONTROL.sub('?', event['logTail'])[-TAIL_BYTES:]
    line = json.dumps(result, separators=(',', ':'), ensure_ascii=False)
    for limit in (512, 0):
        if len(line) <= RESULT_BUDGET:
            break
        for event in result.get('events', []):
            if 'logTail' in event:
                event['logTail'] = event['logTail'][-limit:] if limit else '(cut: see the log on the host)'
        line = json.dumps(result, separators=(',', ':'), ensure_ascii=False)
    print(RESULT_PREFIX + line, flush=True)


class GroupLock:
    """Serialises runs for one deployment group on this host."""

    def __init__(self, group_dir, timeout):
        self.path, self.timeout, self.fd = os.path.join(group_dir, 'lock'), timeout, None

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.time() + self.timeout
        while True:
            try:
                fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(self.fd, 0)
                os.write(self.fd, str(os.getpid()).encode())
                return self
            except OSError:
                if time.time() >= deadline:
                    holder = os.pread(self.fd, 32, 0).decode('ascii', 'replace').strip() or 'unknown'
                    os.close(self.fd)
                    raise Busy('another fleetdeploy runner (pid %s) is deploying to this deployment group on this'
                                        ' host; gave up waiting after %ds' % (holder, self.timeout))
                time.sleep(0.2)

    def __exit__(self, *exc):
        os.close(self.fd)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise BadInvocation(message)


def parse_args(argv):
    p = Parser(prog='fleetdeploy_runner.py', description='Runs one fleetdeploy host plan on this host.')
    p.add_argument('--plan-file')
    p.add_argument('--plan-base64')
    p.add_argument('--root', default='/', help='root prefix for every absolute path written (default /)')
    p.add_argument('--state-dir', default='/var/lib/fleetdeploy')
    p.add_argument('--keep-revisions', type=int, default=5)
    p.add_argument('--events', help='comma-separated lifecycle events to run (others are skipped)')
    p.add_argument('--lock-timeout', type=int, default=600)
    p.add_argument('--max-bundle-bytes', type=int, default=4 << 30)
    p.add_argument('--max-expanded-bytes', type=int, default=16 << 30)
    args = p.parse_args(argv)
    if args.events is not None:
        args.events = [e.strip() for e in args.events.split(',') if e.strip()]
        unknown = [e for e in args.events if e not in ALL_EVENTS]
        if unknown:
            raise BadInvocation('unknown lifecycle event(s) %s; events are %s' % (', '.join(unknown), ', '.join(ALL_EVENTS)))
    if args.keep_revisions < 1:
        raise BadInvocation('--keep-revisions must be at least 1')
    return args


def main(argv):
    plan = {}
    try:
        args = parse_args(argv)
        plan = load_plan(args)
        host = Host(args.root)
        group_dir = os.path.join(host.path(args.state_dir), 'groups', plan['deploymentGroupId'])
        results = os.path.join(group_dir, 'results')
        os.makedirs(results, exist_ok=True)
        with GroupLock(group_dir, args.lock_timeout):
            recorded = read_json(os.path.join(results, plan['deploymentId'] + '.json'))
            if recorded:
                # Exactly once per host: a repeated send only repeats what happened.
                recorded['replay'] = True
                print('fleetdeploy: deployment %s already ran on this host: replaying its result' % plan['deploymentId'], flush=True)
                emit(recorded)
                return 0 if recorded.get('status') == 'Succeeded' else 1
            result = Deployment(plan, host, group_dir, args).run()
            result['runnerStart'], result['runnerEnd'] = STARTED_MS, now_ms()
            write_json(os.path.join(results, plan['deploymentId'] + '.json'), result)
            old = sorted(os.listdir(results), key=lambda n: os.stat(os.path.join(results, n)).st_mtime)
            for name in old[:-100]:
                os.remove(os.path.join(results, name))
        emit(result)
        return 0 if result['status'] == 'Succeeded' else 1
    except (BadInvocation, OSError) as e:
        if isinstance(e, OSError):
            e = Busy('cannot use the host state: %s' % e)
        print('fleetdeploy: ' + str(e), file=sys.stderr, flush=True)
        emit({'deploymentId': plan.get('deploymentId', '') if isinstance(plan, dict) else '', 'status': 'Failed',
              'downloaded': False, 'replay': False, 'error': clean(str(e), MESSAGE_CHARS), 'events': []})
        return 1 if isinstance(e, Busy) else 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
