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
import errno
import fcntl
import hashlib
import http.client
import json
import os
import posixpath
import pwd
import grp
import random
import re
import select
import shutil
import signal
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
# An event's logTail: its last 4 KiB, as the CodeDeploy agent's.
TAIL_BYTES = 4096
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
        elif args.plan_base64_file:
            # How the SSM document passes the plan: a root-only file, never the command line,
            # which every local user can read (the plan carries a presigned download URL).
            with open(args.plan_base64_file, 'rb') as f:
                raw = base64.b64decode(f.read().strip(), validate=True)
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
    if 'part' in plan:
        # One of several sends of the deployment to this host (traffic control: docs/host-runner.md).
        need(plan['part'] in (1, 2, 3) and not isinstance(plan['part'], bool), 'part must be 1, 2 or 3')
        need(isinstance(plan.get('lastPart'), bool), 'lastPart must be true or false')


def result_name(plan):
    """Where the result of this plan is kept: one per deployment, or per part of it."""
    return plan['deploymentId'] + ('.part%d' % plan['part'] if 'part' in plan else '') + '.json'


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

MAX_COMPONENT_BYTES = 255
MAX_PATH_BYTES = 4095
MAX_LINK_HOPS = 40
RATIO_FLOOR_BYTES = 256 << 20
MAX_RATIO = 100
NAME_CONTROL = re.compile(r'[\x00-\x1f\x7f]')


def safe_name(raw):
    # The operator's BundleRules apply the same rules, so a bundle is refused before any host is touched.
    if NAME_CONTROL.search(raw):
        raise Unsafe('%s: control characters in a name' % NAME_CONTROL.sub('?', raw))
    if raw.startswith('/'):
        raise Unsafe('%s: absolute paths are not allowed in a bundle' % raw)
    parts = [p for p in raw.split('/') if p not in ('', '.')]
    if '..' in parts:
        raise Unsafe("%s: '..' would climb out of the bundle" % raw)
    if any(len(p.encode('utf-8', 'surrogateescape')) > MAX_COMPONENT_BYTES for p in parts):
        raise Unsafe('%s: a name part is longer than %d bytes, which Linux file systems cannot store'
                     % (raw, MAX_COMPONENT_BYTES))
    name = '/'.join(parts)
    if len(name.encode('utf-8', 'surrogateescape')) > MAX_PATH_BYTES:
        raise Unsafe('%s: the path is longer than %d bytes' % (raw, MAX_PATH_BYTES))
    return name


def resolve_link(base, link, root=''):
    """Where the link at `link` (relative to base) leads, followed through the links under base the
    way the kernel would: 'inside', 'outside' (it climbs above `root`, a directory relative to
    base, at some point, or is absolute) or 'loop'. Missing components count as directories, so a
    dangling link is judged by where it would lead once something is created there. The operator's
    BundleRules.resolve is the same algorithm."""
    stack = link.split('/')[:-1]
    floor = len(root.split('/')) if root else 0
    if root and not link.startswith(root + '/'):
        return 'outside'
    target = os.readlink(os.path.join(base, link))
    if target.startswith('/'):
        return 'outside'
    queue, hops = target.split('/'), 1
    while queue:
        part = queue.pop(0)
        if part in ('', '.'):
            continue
        if part == '..':
            if len(stack) <= floor:
                return 'outside'
            stack.pop()
            continue
        stack.append(part)
        path = os.path.join(base, *stack)
        if os.path.islink(path):
            hops += 1
            if hops > MAX_LINK_HOPS:
                return 'loop'
            target = os.readlink(path)
            if target.startswith('/'):
                return 'outside'
            stack.pop()
            queue = target.split('/') + queue
    return 'inside'


class Extractor:
    """Unpacks an archive into a staging directory and nowhere else."""

    def __init__(self, dest, limit):
        self.dest, self.limit, self.total = os.path.realpath(dest), limit, 0
        self.links, self.archive_size = [], 0

    def target(self, name, directory=False):
        parts = name.split('/')
        for i in range(1, len(parts)):
            above = os.path.join(self.dest, *parts[:i])
            if os.path.islink(above):
                raise Unsafe('%s: its path goes through the symbolic link %s of the bundle' % (name, '/'.join(parts[:i])))
            if os.path.lexists(above) and not os.path.isdir(above):
                raise Unsafe('%s: %s is a file of the bundle, not a directory' % (name, '/'.join(parts[:i])))
        target = os.path.join(self.dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(target) or (os.path.lexists(target) and not (directory and os.path.isdir(target))):
            raise Unsafe('%s: appears twice in the archive' % name)
        return target

    def directory(self, name):
        if name:
            os.makedirs(self.target(name, directory=True), exist_ok=True)

    def symlink(self, name, link):
        target = self.target(name)
        if not link:
            raise Unsafe('%s: symbolic link without a target' % name)
        if link.startswith('/'):
            raise Unsafe('%s: symbolic link to %s points outside the bundle' % (name, link))
        if '\x00' in link or len(link.encode('utf-8', 'surrogateescape')) > MAX_PATH_BYTES:
            raise Unsafe('%s: symbolic link target is not one Linux can store' % name)
        os.symlink(link, target)
        self.links.append((name, link))

    def check_ratio(self, expanded):
        # The operator's BundleLimits: past 256 MiB, at most 100 times the archive's size.
        if self.archive_size and expanded > RATIO_FLOOR_BYTES and expanded > MAX_RATIO * self.archive_size:
            raise Unsafe('the bundle expands to more than %d times its size of %d bytes: fleetdeploy refuses that past'
                         ' %d MiB, the shape of a zip bomb' % (MAX_RATIO, self.archive_size, RATIO_FLOOR_BYTES >> 20))

    def check_links(self):
        """After the last entry, when no later entry can change where a link leads."""
        for name, link in self.links:
            where = resolve_link(self.dest, name)
            if where == 'outside':
                raise Unsafe('%s: symbolic link to %s points outside the bundle' % (name, link))
            if where == 'loop':
                raise Unsafe('%s: symbolic link to %s resolves through more than %d links (a loop)'
                             % (name, link, MAX_LINK_HOPS))

    def file(self, name, source, mode):
        target = self.target(name)
        if os.path.isdir(target):
            raise Unsafe('%s: appears twice in the archive' % name)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, (mode & 0o777) | 0o600)
        written = 0
        with os.fdopen(fd, 'wb') as out:
            while True:
                chunk = source.read(65536)
                if not chunk:
                    break
                self.total += len(chunk)
                written += len(chunk)
                if self.total > self.limit:
                    raise Unsafe('the bundle expands to more than %d bytes' % self.limit)
                self.check_ratio(self.total)
                out.write(chunk)
        return written

    def tar(self, archive, compressed=False):
        # The names' bytes as they are (surrogate escapes for bytes that are not UTF-8), the same
        # whatever the host's locale, and no other compression than the one the plan names.
        self.archive_size = os.path.getsize(archive)
        with tarfile.open(archive, 'r:gz' if compressed else 'r:', encoding='utf-8', errors='surrogateescape') as t:
            for m in t:
                if any(k in t.pax_headers for k in ('path', 'linkpath', 'size')):
                    raise Unsafe('a global pax header sets path, linkpath or size, which fleetdeploy does not support')
                check_tar_member(m)
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
                    try:
                        linked = safe_name(m.linkname)
                        src = os.path.join(self.dest, linked)
                        through = [os.path.join(self.dest, *linked.split('/')[:i]) for i in range(1, linked.count('/') + 1)]
                        regular = linked and not any(os.path.islink(p) for p in through) \
                            and not os.path.islink(src) and os.path.isfile(src)
                    except Unsafe:
                        regular = False
                    if not regular:
                        raise Unsafe('%s: hard link to %s, which is not a file of the bundle' % (m.name, m.linkname))
                    with open(src, 'rb') as source:
                        self.file(name, source, m.mode)
                elif m.isfile():
                    self.file(name, t.extractfile(m), m.mode)
            only_zeros_after(t)
        self.check_links()

    def zip(self, archive):
        try:
            z = zipfile.ZipFile(archive)
        except UnicodeDecodeError:
            raise Unsafe('a name in the zip archive is marked UTF-8 but is not valid UTF-8')
        self.archive_size = os.path.getsize(archive)
        with z:
            check_zip_structure(z, archive)
            # Declared sizes first, as the operator checks them: a zip bomb is refused before inflating.
            declared = sum(i.file_size for i in z.infolist())
            if declared > self.limit:
                raise Unsafe('the bundle expands to more than %d bytes' % self.limit)
            self.check_ratio(declared)
            for info in z.infolist():
                raw = zip_name(info)
                name = safe_name(raw)
                mode = info.external_attr >> 16
                kind = stat.S_IFMT(mode)
                if info.flag_bits & 0x1:
                    raise Unsafe('%s: encrypted zip entries are not supported' % raw)
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise Unsafe('%s: compression method %d is not supported (bundles use deflate or no compression)'
                                 % (raw, info.compress_type))
                if kind and kind not in (stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK):
                    raise Unsafe('%s: device and fifo entries are not allowed' % raw)
                if not name:
                    continue
                if raw.endswith('/') or kind == stat.S_IFDIR:
                    self.directory(name)
                elif kind == stat.S_IFLNK:
                    self.symlink(name, utf8(z.read(info)))
                else:
                    with z.open(info) as source:
                        if self.file(name, source, mode & 0o777 or 0o644) != info.file_size:
                            # zipfile checks the CRC only: a damaged size is refused as the operator does.
                            raise Unsafe('corrupt zip archive: %s is cut short' % raw)
        self.check_links()


def utf8(raw):
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        raise Unsafe('%s: the name is not valid UTF-8' % raw.decode('utf-8', 'backslashreplace'))


def zip_name(info):
    """The entry's name from its raw bytes: zipfile reads names without the UTF-8 flag as cp437,
    which is not what Linux packers mean; the operator reads every name as UTF-8, and so does this."""
    if info.flag_bits & 0x800:
        return info.orig_filename
    return utf8(info.orig_filename.encode('cp437'))


def check_zip_structure(z, archive):
    """The operator's structural rules, which zipfile checks only for the entries it opens (or not at
    all on older Pythons): every local header where the directory says and naming the same entry,
    every entry's data before the directory, and no two entries sharing bytes (the shape of zip bombs
    beyond any compression ratio)."""
    spans = []
    with open(archive, 'rb') as f:
        # zipfile reads a directory entry whose lengths run past the directory as a shorter one.
        end = zipfile._EndRecData(f)  # private, but unchanged since Python 2: the directory's size
        if end:
            f.seek(z.start_dir)
            directory, at = f.read(end[zipfile._ECD_SIZE]), 0
            while at < len(directory):
                fixed = directory[at:at + 46]
                at += 46
                if len(fixed) < 46 or fixed[:4] != b'PK\x01\x02' or at + sum(
                        int.from_bytes(fixed[k:k + 2], 'little') for k in (28, 30, 32)) > len(directory):
                    raise Unsafe('corrupt zip archive: the central directory is damaged')
                at += sum(int.from_bytes(fixed[k:k + 2], 'little') for k in (28, 30, 32))
        for info in z.infolist():
            shown = info.orig_filename
            f.seek(info.header_offset)
            header = f.read(30)
            if len(header) < 30 or header[:4] != b'PK\x03\x04':
                raise Unsafe('corrupt zip archive: the local header of %s is missing' % shown)
            name_length, extra_length = int.from_bytes(header[26:28], 'little'), int.from_bytes(header[28:30], 'little')
            expected = info.orig_filename.encode('utf-8' if info.flag_bits & 0x800 else 'cp437')
            if f.read(name_length) != expected:
                raise Unsafe('corrupt zip archive: the local header of %s names another file than the directory' % shown)
            end = info.header_offset + 30 + name_length + extra_length + info.compress_size
            if end > z.start_dir:
                raise Unsafe("corrupt zip archive: %s runs past the end of the archive's data" % shown)
            spans.append((info.header_offset, end))
    spans.sort()
    for (_, previous_end), (start, _) in zip(spans, spans[1:]):
        if start < previous_end:
            raise Unsafe('corrupt zip archive: two entries overlap (a zip bomb shape)')


def check_tar_member(m):
    """What Python's tarfile lets through but the operator refuses: the two sides agree on every bundle."""
    shown = m.name.encode('utf-8', 'surrogateescape').decode('utf-8', 'backslashreplace')
    for text in (m.name, m.linkname):
        if any('\udc80' <= c <= '\udcff' for c in text):
            raise Unsafe('%s: the name is not valid UTF-8' % text.encode('utf-8', 'surrogateescape')
                         .decode('utf-8', 'backslashreplace'))
    size = m.pax_headers.get('size')
    if size is not None and not re.match(r'^[0-9]{1,18}$', size):
        raise Unsafe("%s: the pax header's size '%s' is not a non-negative number" % (shown, size[:120]))
    if m.size < 0:
        raise Unsafe('%s: the tar header gives a negative size' % shown)
    if m.issparse() or any(k.startswith('GNU.sparse.') for k in m.pax_headers):
        raise Unsafe('%s: sparse files are not supported in bundles' % shown)
    if not (m.isreg() or m.isdir() or m.issym() or m.islnk() or m.isdev() or m.isfifo()):
        raise Unsafe("%s: tar member type '%s' is not supported (files, directories and links only)"
                     % (shown, m.type.decode('latin-1') if 0x20 <= m.type[0] < 0x7f else '\\x%02x' % m.type[0]))


def only_zeros_after(t):
    """Python's tarfile takes a damaged header for the end of the archive: only zeros may follow it
    (as the operator checks), else the rest of the bundle would silently be missing."""
    t.fileobj.seek(t.offset)
    while True:
        chunk = t.fileobj.read(1 << 16)
        if not chunk:
            return
        if chunk.count(0) != len(chunk):
            raise Unsafe('the tar archive has data after its end (or a damaged header)')


def unpack(archive, bundle_type, staging, limit):
    """Unpacks the archive into staging, or raises a Failure saying what is wrong with it."""
    extractor = Extractor(staging, limit)
    try:
        extractor.zip(archive) if bundle_type == 'zip' else extractor.tar(archive, bundle_type == 'tgz')
    except Unsafe as e:
        raise Failure('BundleUnsafe', 'refused to unpack the bundle: %s' % e)
    except OSError as e:
        if e.errno in FULL:
            raise Failure('DiskFull', 'no room to unpack the bundle under %s (%s): nothing was changed'
                          % (os.path.dirname(staging), e.strerror or e))
        raise Failure('BundleUnsafe', 'cannot unpack the bundle as %s: %s' % (bundle_type, e))
    except Exception as e:
        # Whatever the archive modules raise for damaged input: the bundle is refused, clearly.
        detail = str(e) or type(e).__name__
        raise Failure('BundleUnsafe', 'cannot unpack the bundle as %s: %s' % (bundle_type, detail))


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


class SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed only to the same scheme, host and port: a bundle address must not send
    hosts to another server (an internal one, the instance metadata service)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
            raise urllib.error.HTTPError(redact(req.full_url), code, 'redirect to another host (%s://%s) refused'
                                         % (new.scheme, new.hostname), headers, fp)
        return urllib.request.HTTPRedirectHandler.redirect_request(self, req, fp, code, msg, headers, newurl)


class CutShort(Exception):
    """The connection ended before the whole body came: the bytes so far say nothing about the
    bundle, so this is retried like a 5xx, never reported as a checksum mismatch."""


def download(location, target, limit):
    if location.startswith(('http://', 'https://')):
        for attempt in range(DOWNLOAD_ATTEMPTS):
            last = attempt == DOWNLOAD_ATTEMPTS - 1
            try:
                with urllib.request.build_opener(SameHostRedirects).open(location, timeout=60) as response:
                    return read_whole_body(response, target, limit)
            except urllib.error.HTTPError as e:
                # 5xx (S3's 503 SlowDown) and 429 ask for fewer requests: try again later.
                if (e.code < 500 and e.code != 429) or last:
                    raise
            except (urllib.error.URLError, OSError) as e:
                # Network errors, connection resets mid-body included.
                if last or getattr(e, 'errno', None) in FULL:
                    raise
            except (CutShort, http.client.HTTPException) as e:
                # A body shorter than its Content-Length, or a chunked body that ends without its
                # last chunk (http.client.IncompleteRead).
                if last:
                    raise CutShort('the connection ended before the whole bundle came, %d times: %s'
                                   % (DOWNLOAD_ATTEMPTS, e))
            # Exponential backoff with full jitter, as the AWS SDKs do: a whole fleet throttled
            # at the same moment must not come back at the same moment.
            time.sleep(random.uniform(0, min(8.0, 0.5 * 2 ** attempt)))
    path = urllib.parse.unquote(urllib.parse.urlparse(location).path) if location.startswith('file://') else location
    if not path.startswith('/'):
        raise OSError('not an http(s) URL, file:// URL or absolute path')
    with open(path, 'rb') as source:
        return copy_hashing(source, target, limit)


def read_whole_body(response, target, limit):
    digest = copy_hashing(response, target, limit)
    expected = response.headers.get('Content-Length')
    received = os.path.getsize(target)
    if expected is not None and expected.strip().isdigit() and received != int(expected):
        raise CutShort('got %d of %s bytes' % (received, expected.strip()))
    return digest


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

class TeeLog:
    """The deployment log, copied as it is written to a second stream (stderr, which SSM sends to
    CloudWatch Logs or S3 when the operator asks it to): the full output leaves the host while it
    runs, and stdout keeps only the result line, which must stay within what SSM returns."""

    def __init__(self, log, copy):
        self.log, self.copy = log, copy

    def write(self, data):
        self.log.write(data)
        try:
            self.copy.write(data)
        except (OSError, ValueError):
            pass  # a closed stderr must not fail the deployment: the log file has it all

    def flush(self):
        self.log.flush()
        try:
            self.copy.flush()
        except (OSError, ValueError):
            pass

    def close(self):
        self.log.close()
        try:
            self.copy.flush()
        except (OSError, ValueError):
            pass


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
        if args.log_stderr:
            self.log = TeeLog(self.log, sys.stderr.buffer)

    def run(self):
        plan, selected = self.plan, self.args.events
        events, failed = [], False
        fetch_start, fetch_error = now_ms(), None
        # A plan without DownloadBundle and Install only stops the application (before scale-in):
        # it needs no bundle and changes no record of what is installed.
        stop_only = not any(e in plan['events'] for e in ('DownloadBundle', 'Install'))
        part = plan.get('part')
        self.recover_install()
        self.prune_leftovers()
        # Fetch before anything else: a bad bundle must not stop the running application.
        try:
            if not stop_only:
                self.fetch()
            elif part is not None:
                # A later part of a deployment: its revision was fetched by an earlier part.
                target = os.path.join(self.revisions, plan['revision']['sha256'])
                self.revision_dir = target if os.path.isdir(target) else None
        except Exception as e:
            fetch_error = e if isinstance(e, Failure) else Failure('BundleDownloadFailed', '%s: %s' % (type(e).__name__, e))
        fetch_end = now_ms()
        # The events of the earlier parts first, as recorded here: the result tells the whole story.
        earlier = self.earlier_part(part) if part is not None else None
        if earlier:
            events.extend(earlier.get('events', []))
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
        # A deployment sent in parts is this host's last successful one only once its last part is.
        completes = plan['lastPart'] if part is not None else not stop_only
        if not failed and completes:
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

    def earlier_part(self, part):
        """The recorded result of the latest earlier part of this deployment on this host (it carries
        the events of the parts before it)."""
        for number in range(part - 1, 0, -1):
            recorded = read_json(os.path.join(self.group_dir, 'results', '%s.part%d.json' % (self.plan['deploymentId'], number)))
            if recorded:
                return recorded
        return None

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
            with InstallLock(self, self.args.lock_timeout):
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
            if scripts and base is None:
                raise Failure('UnknownError', 'the revision of deployment %s is not on this host (an earlier part of'
                              ' the deployment installs it)' % self.plan['deploymentId'])
        self.tail = [b'']
        if scripts:
            self.log.write(('LifecycleEvent - %s\n' % name).encode())
        for script in scripts:
            try:
                self.script(name, script, base)
            finally:
                self.hook_ended()
        if 'scriptsFrom' in result:
            result['message'] = 'ran %d script(s) of deployment %s' % (len(scripts), result['scriptsFrom'])

    def recover_install(self):
        """An Install a killed runner left half done is finished or undone before anything else
        runs, so the host is on exactly one revision when the previous revision's scripts run."""
        if not os.path.lexists(os.path.join(self.group_dir, InstallTransaction.JOURNAL)):
            return
        try:
            with InstallLock(self, self.args.lock_timeout):
                done = InstallTransaction(self).recover()
        except Failure as f:
            raise Busy('cannot finish the Install a stopped runner left: ' + f.message)
        if done:
            self.log.write(('Recovery - %s\n' % done).encode())
            print(clean('fleetdeploy: recovery: ' + done, PROGRESS_CHARS), file=sys.stderr, flush=True)

    def prune_leftovers(self):
        """Whatever a killed runner of this group left half written: unpacking and download
        directories, temporary state files. The group lock is held, so none of it is in use."""
        for directory, pattern in ((self.revisions, r'^\.(staging|download)-\d+$'),
                                   (self.group_dir, r'\.tmp-\d+$'), (os.path.join(self.group_dir, 'results'), r'\.tmp-\d+$')):
            try:
                names = os.listdir(directory)
            except OSError:
                continue
            for name in names:
                if re.search(pattern, name):
                    path = os.path.join(directory, name)
                    shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) and not os.path.islink(path) \
                        else os.remove(path)

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
            except OSError as e:
                if e.errno in FULL:
                    raise Failure('DiskFull', 'no room for the bundle under %s (%s): nothing was changed'
                                  % (self.revisions, e.strerror or e))
                raise Failure('BundleDownloadFailed', 'cannot fetch the bundle from %s: %s' % (redact(rev['location']), e))
            except Exception as e:
                raise Failure('BundleDownloadFailed', 'cannot fetch the bundle from %s: %s' % (redact(rev['location']), e))
            checkpoint('downloaded')
            if digest != rev['sha256']:
                # Never the digest of what came: that would make a mismatch a way to learn other bytes.
                raise Failure('BundleChecksumMismatch', 'the bundle from %s does not have the sha256 the plan expects'
                              ' (%s): nothing was unpacked' % (redact(rev['location']), rev['sha256']))
            os.makedirs(staging)
            unpack(tmp, rev['bundleType'], staging, self.args.max_expanded_bytes)
            checkpoint('unpacked')
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
        """Plans and checks the whole Install first; only then stages the new files next to their
        destinations and switches them into place by rename (InstallTransaction), so the host runs
        the previous revision until the switch and exactly one revision after it, even if the
        runner is killed at any point (the next run finishes or undoes what it left)."""
        inst, host = self.plan['install'], self.host
        installed = os.path.join(self.group_dir, 'installed.txt')
        try:
            with open(installed, encoding='utf-8') as f:
                previous = [line.rstrip('\n') for line in f if line.endswith('\n')]
        except OSError:
            previous = []
        ours = set(previous)
        steps, copies, mkdirs, kept = [], {}, set(), []
        behavior = inst['fileExistsBehavior']

        def is_dir(path):
            mapped = host.path(path)
            return os.path.isdir(mapped) and not os.path.islink(mapped)

        def only_ours_below(path):
            for top, dirs, names in os.walk(host.path(path)):
                for name in dirs + names:
                    rel = posixpath.join(path, os.path.relpath(os.path.join(top, name), host.path(path)))
                    if rel not in ours:
                        return False
            return True

        def mkdir(path):
            if path in copies:
                raise Failure('InstallFailed', '%s is both a file and a directory of this revision' % path)
            if path in mkdirs:
                return
            if os.path.lexists(host.path(path)) and path not in ours:
                raise Failure('InstallFailed', 'cannot replace the file %s with a directory: it is not one the previous'
                              ' deployment of this group installed' % path)
            mkdirs.add(path)
            steps.append(('mkdir', None, path))

        def ancestors(path):
            missing, parent = [], posixpath.dirname(path)
            while parent != '/' and parent not in mkdirs and not os.path.isdir(host.path(parent)):
                missing.insert(0, parent)
                parent = posixpath.dirname(parent)
            for d in missing:
                mkdir(d)

        def copy(src, dest):
            if dest in copies or dest in mkdirs:
                raise Failure('InstallFailed', 'two sources of this revision go to %s' % dest)
            if os.path.lexists(host.path(dest)) and dest not in ours:
                if behavior == 'DISALLOW':
                    raise Failure('FileAlreadyExists', '%s already exists and the previous deployment of this group did not'
                                  ' install it (file_exists_behavior DISALLOW): remove it, or set file_exists_behavior'
                                  ' to OVERWRITE or RETAIN' % dest)
                if behavior == 'RETAIN':
                    return
            if is_dir(dest) and not (dest in ours and only_ours_below(dest)):
                raise Failure('InstallFailed', 'cannot replace the directory %s with a file' % dest)
            copies[dest] = src
            steps.append(('copy', src, dest))

        def tree(src, dest, top):
            if dest != top and dest not in ours:
                self.refuse_link_below(dest, top)
            if dest in mkdirs or not os.path.isdir(host.path(dest)) or (dest != top and not is_dir(dest)):
                mkdir(dest)
            elif dest in ours and dest not in kept:
                kept.append(dest)
            for entry in sorted(os.listdir(src)):
                s, d = os.path.join(src, entry), posixpath.join(dest, entry)
                tree(s, d, top) if os.path.isdir(s) and not os.path.islink(s) else copy(s, d)

        fleetdeploy_links = self.links_installed_here()
        for i, mapping in enumerate(inst.get('files', [])):
            src = os.path.join(self.revision_dir, mapping['source'])
            dest = posixpath.normpath(mapping['destination'])
            if not os.path.lexists(src) or not inside(os.path.dirname(src) if os.path.islink(src) else src, self.revision_dir):
                raise Failure('InstallFailed', "files[%d].source '%s' is not in the bundle" % (i, mapping['source']))
            self.check_destination(i, dest, fleetdeploy_links)
            source = '/'.join(p for p in mapping['source'].split('/') if p not in ('', '.'))
            if os.path.isdir(src) and not os.path.islink(src):
                self.check_links(i, source, dest)
                ancestors(dest)
                tree(src, dest, dest)
            else:
                self.check_links(i, posixpath.dirname(source), dest, only=source)
                target = posixpath.join(dest, os.path.basename(src))
                ancestors(target)
                copy(src, target)
        # Directories of the previous revision that this one uses stay recorded, so that a later
        # deployment still removes them once they are no longer needed.
        for path in previous:
            if path not in mkdirs and path not in copies and path not in kept and is_dir(path) \
                    and any(d.startswith(path + '/') for d in list(copies) + list(mkdirs)):
                kept.append(path)
        InstallTransaction(self).run(steps, previous, kept)
        self.permissions(inst.get('permissions', []), set(copies), mkdirs)

    # -- where Install may write (each check runs before anything is written)

    def check_links(self, i, source, dest, only=None):
        """Links of the bundle keep pointing into the destination once installed there: a link
        inside the bundle may still lead out of `dest` when only part of the bundle goes there."""
        base = self.revision_dir
        for top, dirs, names in os.walk(os.path.join(base, source) if source else base):
            for name in dirs + names:
                rel = os.path.relpath(os.path.join(top, name), base)
                if os.path.islink(os.path.join(base, rel)) and (only is None or rel == only) \
                        and resolve_link(base, rel, source) != 'inside':
                    raise Failure('BundleUnsafe', 'files[%d]: the symbolic link %s (to %s) would point outside %s once'
                                  ' installed' % (i, rel, os.readlink(os.path.join(base, rel)), dest))

    def check_destination(self, i, dest, fleetdeploy_links):
        """The destination, as the host resolves it: inside the root prefix, and not reached through
        a link that a fleetdeploy deployment installed (one group must not write through another's)."""
        path = '/'
        for part in [p for p in dest.split('/') if p]:
            path = posixpath.join(path, part)
            if path in fleetdeploy_links:
                raise Failure('DestinationUnsafe', 'files[%d]: the destination %s goes through %s, a symbolic link that a'
                              ' fleetdeploy deployment installed (%s); fleetdeploy does not install through it'
                              % (i, dest, path, fleetdeploy_links[path]))
        if self.host.root != '/':
            real, root = os.path.realpath(self.host.path(dest)), os.path.realpath(self.host.root)
            if real != root and not real.startswith(root.rstrip('/') + '/'):
                raise Failure('DestinationUnsafe', 'files[%d]: the destination %s resolves to %s, outside the root prefix %s'
                              % (i, dest, real, self.host.root))

    def refuse_link_below(self, path, top):
        if os.path.islink(self.host.path(path)):
            raise Failure('DestinationUnsafe', '%s is a symbolic link on this host (to %s), below the destination %s:'
                          ' fleetdeploy does not install through links; remove it' % (path, os.readlink(self.host.path(path)), top))

    def links_installed_here(self):
        """Symbolic links that fleetdeploy deployments of any group installed and that are still links."""
        links, groups = {}, os.path.dirname(self.group_dir)
        for group in sorted(os.listdir(groups)) if os.path.isdir(groups) else []:
            try:
                with open(os.path.join(groups, group, 'installed.txt'), encoding='utf-8') as f:
                    for line in f:
                        path = line.rstrip('\n')
                        if path.startswith('/') and os.path.islink(self.host.path(path)):
                            links[path] = 'deployment group ' + group
            except (OSError, ValueError):
                continue
        return links

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
        # Never through a link: mode, ACLs and SELinux labels of a symbolic link are its target's
        # (which may be anywhere); only its owner is its own (lchown).
        link = os.path.islink(mapped)
        try:
            if rule.get('mode') and not link:
                # O_NOFOLLOW: a link put there since the check fails instead of being followed.
                fd = os.open(mapped, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, 'O_NONBLOCK', 0))
                try:
                    os.fchmod(fd, int(rule['mode'], 8))
                finally:
                    os.close(fd)
            if rule.get('acls') and not link:
                tool(where, 'acls', 'setfacl', 'acl')
                perm = stat.S_IMODE(os.stat(mapped).st_mode)
                base = 'u::%s,g::%s,o::%s' % tuple(rwx(perm >> s) for s in (6, 3, 0))
                run_tool(where, ['setfacl', '--set', ','.join([base] + rule['acls']), mapped])
            if rule.get('context') and not link:
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
        env = hook_environment(self.plan['environment'])
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
                                    start_new_session=True, preexec_fn=self.watched(demote), close_fds=True)
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

    # -- hooks never outlive the runner

    def watched(self, demote):
        """The hook's pre-exec step: it registers its own process group with the watchdog before it
        runs anything (so no moment exists in which a killed runner leaves it unknown), then drops
        to its runas user."""
        if getattr(self, 'watchdog', None) is None:
            self.watchdog = HookWatchdog()
        fd = self.watchdog.fd

        def register():
            os.write(fd, b'+%d\n' % os.getpid())
            if demote:
                demote()
        return register

    def hook_ended(self):
        # The hook exited or was killed: what it started in the background (a server, properly
        # detached) is the application's now, not the watchdog's to kill.
        if getattr(self, 'watchdog', None) is not None:
            self.watchdog.forget()

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


class InstallTransaction:
    """Puts one Install's files in place without ever leaving the host between two revisions.

    A journal (groups/<id>/install-journal.json, written atomically) lists everything before the
    first change. Staging writes each new file (or link) next to its destination under a hidden
    name, and each new directory tree under a hidden name next to where it goes: the running
    application sees none of it, and a failure (a full disk) removes it all, leaving the previous
    revision as it was. The switch then renames every staged item over its destination (atomic per
    file), removes what the previous revision had and this one has not, and records the new list
    of installed paths atomically. A runner killed while staging is undone by the next run; one
    killed while switching is finished by the next run (recover())."""

    JOURNAL = 'install-journal.json'

    def __init__(self, deployment):
        self.deployment, self.host = deployment, deployment.host
        self.path = os.path.join(deployment.group_dir, self.JOURNAL)

    def run(self, steps, previous, kept):
        tag = hashlib.sha256(self.deployment.plan['deploymentId'].encode('utf-8')).hexdigest()[:8]
        new_dirs = set(dest for kind, _, dest in steps if kind == 'mkdir')
        items, staged_top = [], {}
        for kind, src, dest in steps:
            parent = posixpath.dirname(dest)
            if parent in new_dirs:
                continue  # created inside the staged tree of a new directory above it
            staged = posixpath.join(parent, '.fleetdeploy-%s-%d' % (tag, len(items)))
            items.append([staged, dest, 'dir' if kind == 'mkdir' else 'file'])
            staged_top[dest] = staged
        installed = [p for p in sorted(kept, key=lambda p: p.count('/'))] + [dest for _, _, dest in steps]
        keep = set(installed)
        journal = {'deploymentId': self.deployment.plan['deploymentId'], 'phase': 'staging', 'items': items,
                   'previous': previous, 'remove': sorted((p for p in previous if p not in keep),
                                                          key=lambda p: -p.count('/')),
                   'installed': installed}
        write_json(self.path, journal)
        checkpoint('install journal written')
        try:
            for kind, src, dest in steps:
                self.stage(kind, src, self.staged_path(dest, staged_top))
                checkpoint('staged ' + dest)
        except OSError as e:
            self.undo(journal)
            if e.errno in FULL:
                raise Failure('DiskFull', 'no room to install %s on this host (%s): nothing was changed, the previous'
                              ' revision is still in place' % (dest, e.strerror or e))
            raise Failure('InstallFailed', 'cannot install %s: %s; nothing was changed' % (dest, e.strerror or e))
        journal['phase'] = 'switching'
        write_json(self.path, journal)
        checkpoint('install switching')
        try:
            self.switch(journal)
        except OSError as e:
            raise Failure('InstallFailed', 'cannot switch to the new files: %s (the next deployment on this host'
                          ' finishes the switch)' % (e.strerror or e))

    def staged_path(self, dest, staged_top):
        """Where a step is staged: its own hidden name, or inside the staged tree of a new directory."""
        top = dest
        while top not in staged_top:
            top = posixpath.dirname(top)
        return self.host.path(staged_top[top] + dest[len(top):])

    def stage(self, kind, src, staged):
        if kind == 'mkdir':
            os.mkdir(staged, 0o755)
        elif os.path.islink(src):
            os.symlink(os.readlink(src), staged)
        else:
            shutil.copy2(src, staged)

    def switch(self, journal):
        host, previous = self.host, set(journal['previous'])
        for staged, dest, kind in journal['items']:
            if not os.path.lexists(host.path(staged)):
                continue  # switched before the runner was stopped
            target = host.path(dest)
            if os.path.lexists(target) and (kind == 'dir' or (os.path.isdir(target) and not os.path.islink(target))):
                # A file of the previous revision where a directory goes, or the other way round.
                self.remove_previous(dest, previous)
            os.rename(host.path(staged), target)
            checkpoint('switched ' + dest)
        for path in journal['remove']:
            mapped = host.path(path)
            try:
                if os.path.isdir(mapped) and not os.path.islink(mapped):
                    os.rmdir(mapped)
                elif os.path.lexists(mapped):
                    os.remove(mapped)
            except OSError:
                pass  # a directory someone added files to stays, as with CodeDeploy
            checkpoint('removed ' + path)
        write_lines(os.path.join(self.deployment.group_dir, 'installed.txt'), journal['installed'])
        checkpoint('installed list written')
        os.remove(self.path)

    def remove_previous(self, path, previous):
        mapped = self.host.path(path)
        if os.path.isdir(mapped) and not os.path.islink(mapped):
            for p in sorted((p for p in previous if p.startswith(path + '/')), key=lambda p: -p.count('/')):
                m = self.host.path(p)
                if os.path.isdir(m) and not os.path.islink(m):
                    os.rmdir(m)
                elif os.path.lexists(m):
                    os.remove(m)
            os.rmdir(mapped)
        else:
            os.remove(mapped)

    def undo(self, journal):
        for staged, _, kind in reversed(journal['items']):
            mapped = self.host.path(staged)
            if kind == 'dir':
                shutil.rmtree(mapped, ignore_errors=True)
            elif os.path.lexists(mapped):
                os.remove(mapped)
        os.remove(self.path)

    def recover(self):
        """Finishes or undoes the Install a killed runner left; returns what it did, or None."""
        journal = read_json(self.path)
        if not isinstance(journal, dict):
            if os.path.lexists(self.path):
                os.remove(self.path)
            return None
        if journal.get('phase') == 'switching':
            self.switch(journal)
            return 'finished switching to the files of deployment %s, which a stopped runner left half done' \
                % journal.get('deploymentId')
        self.undo(journal)
        return 'removed the files deployment %s had staged when its runner stopped' % journal.get('deploymentId')


FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_lines(path, lines):
    tmp = '%s.tmp-%d' % (path, os.getpid())
    with open(tmp, 'w', encoding='utf-8') as f:
        f.writelines(line + '\n' for line in lines)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


CHECKPOINTS = [0]


def checkpoint(what):
    """Test hooks: FLEETDEPLOY_TEST_KILL_AT=N makes the runner kill itself (SIGKILL, as an operator,
    a reboot or the OOM killer would) at its N-th checkpoint, so tests can stop it at every step;
    FLEETDEPLOY_TEST_PAUSE_AT=<checkpoint name>:<seconds> makes it wait there (e.g. holding a lock)."""
    CHECKPOINTS[0] += 1
    if os.environ.get('FLEETDEPLOY_TEST_KILL_AT') == str(CHECKPOINTS[0]):
        sys.stderr.write('fleetdeploy: test hook: killed at checkpoint %d (%s)\n' % (CHECKPOINTS[0], what))
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    pause = os.environ.get('FLEETDEPLOY_TEST_PAUSE_AT', '').rpartition(':')
    if pause[0] and pause[0] == what:
        sys.stderr.write('fleetdeploy: test hook: paused at %s\n' % what)
        sys.stderr.flush()
        time.sleep(float(pause[2]))


HOOK_VARIABLES = ('PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TERM', 'TMPDIR',
                  'AWS_SSM_INSTANCE_ID', 'AWS_SSM_REGION_NAME')
DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'


def hook_environment(plan_environment):
    """What hooks see: the plan's CodeDeploy variables and a few of the runner's (PATH, HOME,
    locale, the instance id SSM sets), never the rest of its environment, which can hold the
    instance's or the agent's AWS credentials."""
    env = {k: v for k, v in os.environ.items() if k in HOOK_VARIABLES or k.startswith('LC_')}
    env.setdefault('PATH', DEFAULT_PATH)
    env.update((k, v) for k, v in plan_environment.items()
               if not k.startswith('AWS_') or k in ('AWS_SSM_INSTANCE_ID', 'AWS_SSM_REGION_NAME'))
    return env


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


class HookWatchdog:
    """Hooks run in their own session, out of reach of what kills the runner (SSM kills the
    runner's process group on cancel or execution timeout; an operator or the OOM killer may
    SIGKILL it). The watchdog is a small process in its own session holding the read end of a pipe
    only the runner writes to: each hook's process group is registered on it while the hook runs,
    and when the pipe ends (the runner exited or was killed, however) the watchdog kills the
    process groups of the hooks still registered (SIGTERM, then SIGKILL) and exits."""

    def __init__(self):
        runner = os.path.abspath(__file__)
        self.proc = subprocess.Popen([sys.executable or 'python3', '-S', runner, '--watchdog'], stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                     close_fds=True, cwd='/')
        self.fd = self.proc.stdin.fileno()

    def forget(self):
        try:
            os.write(self.fd, b'-*\n')
        except OSError:
            pass


def watch_hooks():
    """The watchdog process (runner --watchdog): reads '+<pgid>' and '-*' lines until the runner's
    end of the pipe closes, then kills the process groups of the hooks that were still running."""
    groups, pending = set(), b''
    while True:
        try:
            chunk = os.read(0, 4096)
        except InterruptedError:
            continue
        if not chunk:
            break
        lines = (pending + chunk).split(b'\n')
        pending = lines.pop()
        for line in lines:
            if line.startswith(b'+') and line[1:].isdigit():
                groups.add(int(line[1:]))
            elif line == b'-*':
                groups.clear()
    for pgid in groups:
        kill_group(pgid)
    return 0


class InstallLock:
    """One Install at a time on this host, whatever its deployment group: two groups must not
    write one destination at once. A run that waits longer than the lock timeout fails its Install
    (DestinationBusy) naming the one that holds it; nothing was changed."""

    def __init__(self, deployment, timeout):
        state = os.path.dirname(os.path.dirname(deployment.group_dir))
        self.path, self.timeout, self.fd = os.path.join(state, 'install.lock'), timeout, None
        self.me = '%d %s %s' % (os.getpid(), deployment.plan['deploymentGroupId'], deployment.plan['deploymentId'])

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.time() + self.timeout
        while True:
            try:
                fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.time() >= deadline:
                    holder = os.pread(self.fd, 300, 0).decode('utf-8', 'replace').split()
                    os.close(self.fd)
                    who = 'deployment group %s, deployment %s, pid %s' % (holder[1], holder[2], holder[0]) \
                        if len(holder) == 3 else 'pid unknown'
                    raise Failure('DestinationBusy', 'another fleetdeploy Install is running on this host (%s); gave up'
                                  ' waiting after %ds: nothing was changed' % (who, self.timeout))
                time.sleep(0.2)
        os.ftruncate(self.fd, 0)
        os.write(self.fd, self.me.encode('utf-8'))
        checkpoint('install lock taken')
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


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
    p.add_argument('--plan-base64', help='the plan in base64 (visible to every local user: for tests only)')
    p.add_argument('--plan-base64-file', help='a file holding the plan in base64')
    p.add_argument('--root', default='/', help='root prefix for every absolute path written (default /)')
    p.add_argument('--state-dir', default='/var/lib/fleetdeploy')
    p.add_argument('--keep-revisions', type=int, default=5)
    p.add_argument('--events', help='comma-separated lifecycle events to run (others are skipped)')
    p.add_argument('--lock-timeout', type=int, default=600)
    p.add_argument('--max-bundle-bytes', type=int, default=4 << 30)
    p.add_argument('--max-expanded-bytes', type=int, default=16 << 30)
    p.add_argument('--log-stderr', action='store_true',
                   help='copy the deployment log to stderr as it is written (the SSM document does)')
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
    if argv == ['--watchdog']:
        return watch_hooks()
    plan = {}
    try:
        args = parse_args(argv)
        plan = load_plan(args)
        host = Host(args.root)
        group_dir = os.path.join(host.path(args.state_dir), 'groups', plan['deploymentGroupId'])
        results = os.path.join(group_dir, 'results')
        os.makedirs(results, exist_ok=True)
        with GroupLock(group_dir, args.lock_timeout):
            recorded = read_json(os.path.join(results, result_name(plan)))
            if recorded:
                # Exactly once per host: a repeated send only repeats what happened.
                recorded['replay'] = True
                print('fleetdeploy: deployment %s already ran on this host: replaying its result' % plan['deploymentId'], flush=True)
                emit(recorded)
                return 0 if recorded.get('status') == 'Succeeded' else 1
            result = Deployment(plan, host, group_dir, args).run()
            result['runnerStart'], result['runnerEnd'] = STARTED_MS, now_ms()
            write_json(os.path.join(results, result_name(plan)), result)
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
