// fleetdeploy dashboard: plain DOM, no framework, no build step. Pages are rendered from the JSON
// API; the live-update stream (Server-Sent Events) says what changed and the page refreshes the
// part it shows, so nothing needs a reload.

const main = document.getElementById('main');
const drawer = document.getElementById('drawer');
const live = document.getElementById('live');
const PAGE = 100;
let info = { actions: false };
let view = null; // { kind, ns, name, refresh(change) }
let lastVersion = null;
let drawerOpener = null;

// ---------- helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(3)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

const enc = encodeURIComponent;
const badge = (s) => h('span', { class: 'badge s-' + (s || 'Unknown') }, s || 'Unknown');

// Degraded is the one condition whose True is bad.
function conditionBadge(type, status) {
  const good = type === 'Degraded' ? status === 'False' : status === 'True';
  const tone = status === 'Unknown' || !status ? 's-Unknown' : good ? 's-Succeeded' : type === 'Degraded' ? 's-Failed' : 's-Unknown';
  return h('span', { class: 'badge ' + tone }, status || 'Unknown');
}

function duration(ms) {
  if (ms === undefined || ms === null) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + (s % 60) + 's';
  return Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
}

function since(start, end) {
  if (!start) return '';
  const t = end ? Date.parse(end) : Date.now();
  return duration(t - Date.parse(start));
}

function when(t) {
  return t ? new Date(t).toLocaleString() : '';
}

function deploymentLink(ns, name) {
  return h('a', { href: `#/deployments/${enc(ns)}/${enc(name)}` }, name);
}

function groupLink(ns, name) {
  return name ? h('a', { href: `#/groups/${enc(ns)}/${enc(name)}` }, name) : '';
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function show(...nodes) {
  main.replaceChildren(...nodes.flat(3).filter((n) => n !== null && n !== undefined && n !== ''));
}

function failed(e) {
  show(h('p', { class: 'error', role: 'alert' }, e.message));
}

// ---------- routing ----------

function route() {
  closeDrawer(false);
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] || 'deployments';
  document.querySelectorAll('header nav a').forEach((a) => {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const pages = {
    deployments: () => (parts.length === 3 ? deploymentPage(parts[1], parts[2], params) : deploymentsPage(params)),
    groups: () => (parts.length === 3 ? groupPage(parts[1], parts[2]) : groupsPage()),
    applications: () => applicationsPage(),
  };
  (pages[section] || pages.deployments)().catch(failed);
}

function setParams(params) {
  const [path] = location.hash.split('?');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const next = path + (q.toString() ? '?' + q : '');
  if (next !== location.hash) location.hash = next;
}

// ---------- deployments ----------

async function deploymentsPage(params) {
  const filter = {
    namespace: params.get('namespace') || '',
    group: params.get('group') || '',
    phase: params.get('phase') || '',
  };
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
  const list = await api('/api/v1/deployments' + (query ? '?' + query : ''));
  let rows = list.items;
  const all = await api('/api/v1/deploymentgroups');
  const namespaces = [...new Set([...(info.namespaces || []), ...rows.map((r) => r.namespace)])].sort();
  const groups = [...new Set(all.items.map((g) => g.name))].sort();
  const select = (name, label, options) =>
    h('label', {}, label,
      h('select', { name, onchange: (e) => setParams({ ...filter, [name]: e.target.value }) },
        h('option', { value: '' }, 'all'),
        options.map((o) => h('option', { value: o, selected: o === filter[name] }, o))));
  const tbody = h('tbody');
  const table = h('table', { id: 'deployments' },
    h('caption', { class: 'note', style: { textAlign: 'left', captionSide: 'bottom' } }, 'Newest first.'),
    h('thead', {}, h('tr', {},
      ['Deployment', 'Namespace', 'Phase', 'Group', 'Revision'].map((t) => h('th', { scope: 'col' }, t)),
      h('th', { scope: 'col', class: 'num' }, 'Progress'),
      ['Creator', 'Started', 'Duration', 'Error code'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  const render = () => {
    tbody.replaceChildren(...rows.map((r) =>
      h('tr', { 'data-name': r.name, 'data-phase': r.phase },
        h('td', {}, deploymentLink(r.namespace, r.name)),
        h('td', {}, r.namespace),
        h('td', {}, badge(r.phase)),
        h('td', {}, groupLink(r.namespace, r.group)),
        h('td', {}, r.revision || ''),
        h('td', { class: 'num progress' }, r.progress, r.failed ? ` (${r.failed} failed)` : ''),
        h('td', {}, r.creator || ''),
        h('td', {}, when(r.startTime)),
        h('td', {}, since(r.startTime, r.completionTime)),
        h('td', {}, r.errorCode || ''))));
    if (!rows.length) tbody.append(h('tr', {}, h('td', { colspan: 10 }, 'No deployments.')));
  };
  render();
  const matches = (r) =>
    (!filter.namespace || r.namespace === filter.namespace) &&
    (!filter.group || r.group === filter.group) &&
    (!filter.phase || r.phase === filter.phase);
  const rerender = debounce(render, 100);
  view = {
    refresh(change) {
      if (change.kind !== 'Deployment') return;
      rows = rows.filter((r) => !(r.namespace === change.namespace && r.name === change.name));
      if (change.type !== 'DELETED' && matches(change.row)) {
        rows.push(change.row);
        rows.sort((a, b) => (b.created || '').localeCompare(a.created || '') || a.name.localeCompare(b.name));
      }
      rerender();
    },
    reload: () => deploymentsPage(params),
  };
  show(
    h('h1', {}, 'Deployments'),
    h('div', { class: 'filters', role: 'search' },
      select('namespace', 'Namespace', namespaces),
      select('group', 'Group', groups),
      select('phase', 'Phase', ['Created', 'Queued', 'InProgress', 'Succeeded', 'Failed', 'Stopped'])),
    table);
}

function batchStrip(status, counts) {
  const batches = status.batches || [];
  const ended = ['Succeeded', 'Failed', 'Stopped'].includes(status.phase);
  const strip = h('ol', { class: 'strip', 'aria-label': 'Batches' });
  batches.forEach((b, i) => {
    let state = 'waiting';
    let label = 'waiting';
    if (b.endTime) { state = 'done'; label = 'done'; }
    else if (b.startTime && !ended) { state = 'running'; label = 'running'; }
    else if (b.startTime) { state = 'failed'; label = 'ended'; }
    if (i === batches.length - 1 && status.phase === 'Failed' && b.startTime) { state = 'failed'; label = 'failed'; }
    strip.append(h('li', { class: 'batch ' + state, 'data-state': state },
      `Batch ${b.number}: ${b.size ?? '?'} instance(s), ${label}`,
      b.startTime ? h('div', { class: 'note' }, since(b.startTime, b.endTime)) : ''));
  });
  const total = status.instanceCount || 0;
  const ok = counts.Succeeded || 0;
  const bad = counts.Failed || 0;
  const bar = h('div', { class: 'bar', role: 'img', 'aria-label': `${ok} of ${total} succeeded, ${bad} failed` },
    h('span', { class: 'ok', style: { width: total ? (100 * ok / total) + '%' : '0' } }),
    h('span', { class: 'bad', style: { width: total ? (100 * bad / total) + '%' : '0' } }));
  return [bar, batches.length ? strip : h('p', { class: 'note' }, 'No batch has started.')];
}

async function deploymentPage(ns, name, params) {
  const base = `/api/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`;
  const state = {
    status: params.get('status') || '',
    q: params.get('q') || '',
    offset: Number(params.get('offset') || 0),
  };
  const d = await api(base);
  const page = await api(`${base}/instances?` + new URLSearchParams({
    status: state.status, q: state.q, offset: state.offset, limit: PAGE }));
  const s = d.status || {};
  const rb = s.rollbackInfo || {};
  const meta = h('dl', { class: 'meta' },
    h('dt', {}, 'Phase'), h('dd', { id: 'phase' }, badge(d.phase), d.stopRequested && d.phase === 'InProgress' ? ' (stop requested)' : ''),
    h('dt', {}, 'Group'), h('dd', {}, groupLink(ns, d.group)),
    h('dt', {}, 'Revision'), h('dd', {}, d.revision || ''),
    h('dt', {}, 'Progress'), h('dd', { id: 'progress' }, `${d.progress} succeeded` + (d.failed ? `, ${d.failed} failed` : '')),
    h('dt', {}, 'Configuration'), h('dd', {}, s.deploymentConfig || ''),
    h('dt', {}, 'Creator'), h('dd', {}, d.creator || ''),
    h('dt', {}, 'Started'), h('dd', {}, when(d.startTime)),
    h('dt', {}, 'Duration'), h('dd', {}, since(d.startTime, d.completionTime)),
    s.currentStep != null ? [h('dt', {}, 'Step'), h('dd', { id: 'step' }, `${s.currentStep}`)] : [],
    s.pause ? [h('dt', {}, 'Paused'), h('dd', { id: 'pause' }, `${s.pause.reason || ''}: ${s.pause.message || ''}`
      + (s.pause.until ? ` (until ${when(s.pause.until)})` : ' (until promoted)'))] : [],
    s.currentZone ? [h('dt', {}, 'Zone'), h('dd', { id: 'zone' }, s.currentZone
      + ((s.completedZones || []).length ? ` (done: ${s.completedZones.join(', ')})` : ''))] : [],
    s.errorInformation ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, `${s.errorInformation.code || ''}: ${s.errorInformation.message || ''}`)] : [],
    rb.rollbackDeployment ? [h('dt', {}, 'Rolled back by'), h('dd', {}, deploymentLink(ns, rb.rollbackDeployment))] : [],
    rb.rollbackOf ? [h('dt', {}, 'Rolls back'), h('dd', {}, deploymentLink(ns, rb.rollbackOf))] : [],
    rb.message ? [h('dt', {}, 'Rollback'), h('dd', {}, rb.message)] : [],
    d.annotations && d.annotations['fleetdeploy.io/requested-by'] ? [h('dt', {}, 'Last request'), h('dd', {},
      `${d.annotations['fleetdeploy.io/requested-action']} by ${d.annotations['fleetdeploy.io/requested-by']}: ${d.annotations['fleetdeploy.io/request-reason']}`)] : []);
  const failures = (s.failureSummary || []).length
    ? [h('h2', {}, 'Failures'), h('ul', {}, s.failureSummary.map((f) =>
      h('li', {}, `${f.instances} × ${f.errorCode || ''} in ${f.lifecycleEvent || '?'} (e.g. ${f.firstInstance}): ${f.message || ''}`)))]
    : [];

  const actions = h('div', { class: 'actions' });
  if (info.actions) {
    if (['Created', 'Queued', 'InProgress'].includes(d.phase) && !d.stopRequested) {
      actions.append(
        h('button', { class: 'danger', onclick: () => act(`${base}/stop`, { rollback: false }, 'Stop ' + name) }, 'Stop'),
        h('button', { class: 'danger', onclick: () => act(`${base}/stop`, { rollback: true }, 'Stop and roll back ' + name) }, 'Stop and roll back'));
    }
    if (['Failed', 'Stopped'].includes(d.phase) && d.groupLastSuccessfulRevision && d.group) {
      actions.append(h('button', {
        onclick: () => act(`/api/v1/namespaces/${enc(ns)}/deploymentgroups/${enc(d.group)}/rollback`, { of: name },
          `Roll ${d.group} back to ${d.groupLastSuccessfulRevision}`),
      }, `Roll back to ${d.groupLastSuccessfulRevision}`));
    }
  }

  const statuses = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Unknown'];
  const counts = d.instanceCounts || {};
  const filters = h('div', { class: 'filters', role: 'search' },
    h('label', {}, 'Status',
      h('select', { id: 'instance-status', onchange: (e) => setParams({ status: e.target.value, q: state.q }) },
        h('option', { value: '' }, `all (${Object.values(counts).reduce((a, b) => a + b, 0)})`),
        statuses.filter((st) => counts[st]).map((st) =>
          h('option', { value: st, selected: st === state.status }, `${st} (${counts[st]})`)))),
    h('label', {}, 'Instance id contains',
      h('input', { id: 'instance-q', type: 'search', value: state.q,
        onchange: (e) => setParams({ status: state.status, q: e.target.value }) })));
  const rows = page.items.map((i) =>
    h('tr', { 'data-instance': i.id, 'data-status': i.status },
      h('td', {}, h('button', { class: 'link', 'aria-haspopup': 'dialog', onclick: (e) => openInstance(base, i.id, e.target) }, i.id)),
      h('td', {}, i.az || ''),
      h('td', {}, badge(i.status)),
      h('td', { class: 'num' }, i.batch ?? ''),
      h('td', {}, i.event || ''),
      h('td', {}, since(i.startTime, i.endTime || (i.status === 'InProgress' ? null : i.startTime))),
      h('td', {}, i.errorCode || '')));
  const last = Math.min(page.offset + PAGE, page.total);
  const pager = h('div', { class: 'pager' },
    h('button', { disabled: page.offset === 0, onclick: () => setParams({ ...state, offset: String(Math.max(0, page.offset - PAGE)) }) }, 'Previous'),
    h('span', { role: 'status' }, page.total ? `${page.offset + 1}–${last} of ${page.total}` : 'no instances'),
    h('button', { disabled: last >= page.total, onclick: () => setParams({ ...state, offset: String(page.offset + PAGE) }) }, 'Next'));
  const table = h('table', { id: 'instances' },
    h('thead', {}, h('tr', {}, ['Instance', 'AZ', 'Status', 'Batch', 'Event', 'Duration', 'Error code'].map((t) =>
      h('th', { scope: 'col', class: t === 'Batch' ? 'num' : null }, t)))),
    h('tbody', {}, rows));
  const reload = debounce(() => deploymentPage(ns, name, params).catch(failed), 300);
  view = {
    refresh(change) {
      if (change.kind === 'Deployment' && change.namespace === ns && change.name === name) reload();
    },
    reload,
  };
  const focused = document.activeElement && document.activeElement.id;
  show(
    h('p', {}, h('a', { href: '#/deployments' }, '← Deployments')),
    h('h1', {}, 'Deployment ', name, h('span', { class: 'note' }, ' in ' + ns)),
    meta, actions, batchStrip({ ...s, phase: d.phase }, counts), failures,
    h('h2', {}, 'Instances'), filters, pager, table);
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  if (drawer.dataset.instance && !drawer.hidden) openInstance(base, drawer.dataset.instance, null);
}

async function openInstance(base, id, opener) {
  if (opener) drawerOpener = opener;
  const i = await api(`${base}/instances/${enc(id)}`).catch((e) => ({ id, error: e.message }));
  drawer.dataset.instance = id;
  const close = h('button', { onclick: () => closeDrawer(true) }, 'Close');
  const events = (i.events || []).map((e) => {
    const dg = e.diagnostics || {};
    const logBox = h('div');
    return h('section', { class: 'event', 'data-event': e.name },
      h('h3', {}, e.name, badge(e.status)),
      h('dl', { class: 'meta' },
        h('dt', {}, 'Started'), h('dd', {}, when(e.startTime)),
        h('dt', {}, 'Duration'), h('dd', {}, duration(e.durationMs)),
        dg.errorCode ? [h('dt', {}, 'Error code'), h('dd', {}, dg.errorCode)] : [],
        dg.scriptName ? [h('dt', {}, 'Script'), h('dd', {}, dg.scriptName)] : [],
        dg.message ? [h('dt', {}, 'Message'), h('dd', {}, dg.message)] : []),
      dg.logTail ? [h('h4', {}, 'Log tail'), h('pre', { class: 'log-tail', tabindex: 0 }, dg.logTail)] : [],
      h('button', {
        class: 'link', onclick: async () => {
          try {
            const log = await api(`${base}/instances/${enc(id)}/events/${enc(e.name)}/log`);
            logBox.replaceChildren(h('h4', {}, 'Full log'), h('pre', { class: 'full-log', tabindex: 0 }, log.text || '(empty)'),
              h('p', { class: 'note' }, log.note || ''));
          } catch (err) {
            logBox.replaceChildren(h('p', { class: 'error' }, err.message));
          }
        },
      }, 'Full log'),
      logBox);
  });
  drawer.replaceChildren(h('div', {},
    h('div', { class: 'actions' }, close),
    h('h2', { id: 'drawer-title' }, 'Instance ', id),
    i.error ? h('p', { class: 'error' }, i.error) : h('dl', { class: 'meta' },
      h('dt', {}, 'Status'), h('dd', {}, badge(i.status)),
      h('dt', {}, 'AZ'), h('dd', {}, i.az || ''),
      h('dt', {}, 'Batch'), h('dd', {}, i.batch ?? ''),
      h('dt', {}, 'Started'), h('dd', {}, when(i.startTime)),
      h('dt', {}, 'Duration'), h('dd', {}, since(i.startTime, i.endTime)),
      i.errorCode ? [h('dt', {}, 'Error code'), h('dd', {}, i.errorCode)] : [],
      i.message ? [h('dt', {}, 'Message'), h('dd', {}, i.message)] : []),
    h('h2', {}, 'Lifecycle events'),
    events.length ? events : h('p', { class: 'note' },
      'The status keeps event details for failed and in-progress instances only.')));
  const wasHidden = drawer.hidden;
  drawer.hidden = false;
  if (wasHidden || opener) close.focus();
}

function closeDrawer(restoreFocus) {
  if (drawer.hidden) return;
  drawer.hidden = true;
  delete drawer.dataset.instance;
  if (restoreFocus && drawerOpener && document.contains(drawerOpener)) drawerOpener.focus();
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !drawer.hidden) closeDrawer(true);
});

// ---------- groups ----------

async function groupsPage() {
  const list = await api('/api/v1/deploymentgroups');
  view = { refresh: (c) => c.kind === 'DeploymentGroup' && reload(), reload: () => groupsPage() };
  const reload = debounce(() => groupsPage().catch(failed), 300);
  show(h('h1', {}, 'Deployment groups'),
    h('table', { id: 'groups' },
      h('thead', {}, h('tr', {}, ['Group', 'Namespace', 'Application', 'Instances', 'Running', 'Declared', 'Active deployment', 'Ready'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.items.map((g) => h('tr', { 'data-name': g.name },
        h('td', {}, groupLink(g.namespace, g.name)), h('td', {}, g.namespace), h('td', {}, g.application || ''),
        h('td', { class: 'num' }, g.instanceCount ?? ''), h('td', {}, g.runningRevision || ''), h('td', {}, g.declaredRevision || ''),
        h('td', {}, g.activeDeployment ? deploymentLink(g.namespace, g.activeDeployment) : ''),
        h('td', {}, conditionBadge('Ready', (g.conditions || {}).Ready)))))));
}

async function groupPage(ns, name) {
  const base = `/api/v1/namespaces/${enc(ns)}/deploymentgroups/${enc(name)}`;
  const g = await api(base);
  const s = g.status || {};
  const spec = g.spec || {};
  const reload = debounce(() => groupPage(ns, name).catch(failed), 300);
  view = {
    refresh(c) {
      if (c.namespace !== ns) return;
      if ((c.kind === 'DeploymentGroup' && c.name === name) || (c.kind === 'Deployment' && c.row && c.row.group === name)) reload();
    },
    reload,
  };
  const targets = spec.targets || {};
  const targetText = [
    ...(targets.ec2TagFilters || []).map((t) => `EC2 tag ${t.key}=${t.value ?? '*'}`),
    ...(targets.autoScalingGroups || []).map((a) => `Auto Scaling group ${a}`),
    ...(targets.onPremisesTagFilters || []).map((t) => `on-premises tag ${t.key}=${t.value ?? '*'}`),
  ];
  const actions = h('div', { class: 'actions' });
  const declared = s.declaredRevision && g.history.find((d) => d.name === s.declaredRevision.deployment);
  if (info.actions) {
    if (spec.revision && declared && ['Failed', 'Stopped'].includes(declared.phase)) {
      actions.append(h('button', { onclick: () => act(`${base}/retry`, {}, `Retry the declared revision of ${name}`) }, 'Retry the declared revision'));
    }
    if (s.lastSuccessfulRevision) {
      actions.append(h('button', { onclick: () => act(`${base}/rollback`, {}, `Roll ${name} back to ${s.lastSuccessfulRevision.summary}`) },
        `Roll back to ${s.lastSuccessfulRevision.summary}`));
    }
  }
  const inventory = s.instances || [];
  const inventoryTable = pagedTable('inventory', ['Instance', 'AZ', 'Revision', 'Health'], inventory,
    (e) => h('tr', {}, h('td', {}, e.id), h('td', {}, e.az || ''), h('td', {}, e.revision || ''), h('td', {}, badge(e.health))));
  show(
    h('p', {}, h('a', { href: '#/groups' }, '← Deployment groups')),
    h('h1', {}, 'Deployment group ', name, h('span', { class: 'note' }, ' in ' + ns)),
    h('dl', { class: 'meta' },
      h('dt', {}, 'Application'), h('dd', {}, g.application || ''),
      h('dt', {}, 'Targets'), h('dd', {}, targetText.join('; ') || '—'),
      h('dt', {}, 'Declared revision'), h('dd', {}, g.declaredRevision || '— (Deployments are created directly)'),
      h('dt', {}, 'Running revision'), h('dd', {}, g.runningRevision || '—'),
      h('dt', {}, 'Converging to'), h('dd', {}, g.targetRevision || '—'),
      h('dt', {}, 'Active deployment'), h('dd', {}, g.activeDeployment ? deploymentLink(ns, g.activeDeployment) : '—'),
      h('dt', {}, 'Instances'), h('dd', {}, s.instanceCount ?? 0),
      spec.paused ? [h('dt', {}, 'Paused'), h('dd', {}, 'yes')] : []),
    actions,
    h('h2', {}, 'Conditions'),
    h('table', { id: 'conditions' },
      h('thead', {}, h('tr', {}, ['Type', 'Status', 'Reason', 'Message', 'Since'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, (s.conditions || []).map((c) => h('tr', {},
        h('td', {}, c.type), h('td', {}, conditionBadge(c.type, c.status)), h('td', {}, c.reason || ''), h('td', {}, c.message || ''), h('td', {}, when(c.lastTransitionTime)))))),
    h('h2', {}, 'Inventory'), inventoryTable,
    h('h2', {}, 'Lifecycle hooks'),
    (s.lifecycleHooks || []).length
      ? h('ul', {}, s.lifecycleHooks.map((k) => h('li', {}, `${k.name} on ${k.autoScalingGroup} (${k.transition}): ${k.state}${k.message ? ' — ' + k.message : ''}`)))
      : h('p', { class: 'note' }, 'None.'),
    h('h2', {}, 'History'),
    h('table', { id: 'history' },
      h('thead', {}, h('tr', {}, ['Deployment', 'Phase', 'Revision', 'Progress', 'Creator', 'Started', 'Error code'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, g.history.map((r) => h('tr', { 'data-name': r.name },
        h('td', {}, deploymentLink(ns, r.name)), h('td', {}, badge(r.phase)), h('td', {}, r.revision || ''),
        h('td', { class: 'num' }, r.progress), h('td', {}, r.creator || ''), h('td', {}, when(r.startTime)), h('td', {}, r.errorCode || ''))))));
}

function pagedTable(id, headings, items, row) {
  let offset = 0;
  const tbody = h('tbody');
  const status = h('span', { role: 'status' });
  const prev = h('button', { onclick: () => { offset = Math.max(0, offset - PAGE); render(); } }, 'Previous');
  const next = h('button', { onclick: () => { offset += PAGE; render(); } }, 'Next');
  function render() {
    tbody.replaceChildren(...items.slice(offset, offset + PAGE).map(row));
    status.textContent = items.length ? `${offset + 1}–${Math.min(offset + PAGE, items.length)} of ${items.length}` : 'none';
    prev.disabled = offset === 0;
    next.disabled = offset + PAGE >= items.length;
  }
  render();
  return h('div', {}, items.length > PAGE ? h('div', { class: 'pager' }, prev, status, next) : '',
    h('table', { id }, h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))), tbody));
}

// ---------- applications ----------

async function applicationsPage() {
  const list = await api('/api/v1/applications');
  const reload = debounce(() => applicationsPage().catch(failed), 300);
  view = { refresh: (c) => (c.kind === 'Application' || c.kind === 'DeploymentGroup') && reload(), reload };
  show(h('h1', {}, 'Applications'),
    list.items.length ? list.items.map((a) => h('section', { 'data-name': a.name },
      h('h2', {}, a.name, h('span', { class: 'note' }, ' in ' + a.namespace + ' · ' + ((a.spec || {}).computePlatform || 'Server'))),
      a.groups.length
        ? h('table', {},
          h('thead', {}, h('tr', {}, ['Group', 'Instances', 'Running revision', 'Active deployment', 'Ready'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, a.groups.map((g) => h('tr', {},
            h('td', {}, groupLink(g.namespace, g.name)), h('td', { class: 'num' }, g.instanceCount ?? ''),
            h('td', {}, g.runningRevision || ''),
            h('td', {}, g.activeDeployment ? deploymentLink(g.namespace, g.activeDeployment) : ''),
            h('td', {}, conditionBadge('Ready', (g.conditions || {}).Ready))))))
        : h('p', { class: 'note' }, 'No deployment groups.'))) : h('p', {}, 'No applications.'));
}

// ---------- actions ----------

async function act(path, body, what) {
  const reason = window.prompt(`${what}\n\nWhy? (recorded with your name on the object and in an Event)`);
  if (reason === null) return;
  if (!reason.trim()) { window.alert('A reason is required.'); return; }
  try {
    const done = await api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, reason }),
    });
    live.textContent = `${what}: done (${done.kind} ${done.name})`;
    if (done.kind === 'Deployment' && path.endsWith('/rollback')) location.hash = `#/deployments/${enc(done.namespace)}/${enc(done.name)}`;
    else if (view) view.reload();
  } catch (e) {
    window.alert(`${what}: ${e.message}`);
  }
}

// ---------- live updates ----------

function connect() {
  const source = new EventSource('/api/v1/updates' + (lastVersion ? '?lastEventId=' + enc(lastVersion) : ''));
  source.addEventListener('open', () => { live.textContent = 'live'; });
  source.addEventListener('error', () => { live.textContent = 'reconnecting…'; });
  source.addEventListener('change', (e) => {
    lastVersion = e.lastEventId;
    if (view) view.refresh(JSON.parse(e.data));
  });
  source.addEventListener('reset', () => { if (view) view.reload(); });
}

async function start() {
  info = await api('/api/v1/info').catch(() => info);
  lastVersion = info.resourceVersion && info.resourceVersion !== '-1' ? info.resourceVersion : null;
  window.addEventListener('hashchange', route);
  route();
  connect();
}

start();
