// The API reference page: reads /v1/openapi.json and renders it. Served as a file (no inline script, so the
// page's Content-Security-Policy can forbid them); every value from the document goes in through textContent.

const SPEC_URL = '/v1/openapi.json';

/** Creates an element with a class and text (never HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Follows a local `$ref` (`#/components/...`) once. */
function resolve(spec, value) {
  if (!value || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  return value.$ref.slice(2).split('/').reduce((node, key) => (node == null ? node : node[key.replace(/~1/g, '/').replace(/~0/g, '~')]), spec);
}

function schemaBlock(spec, title, schema) {
  const details = el('details', 'schema');
  const ref = schema && schema.$ref ? ` (${schema.$ref.split('/').pop()})` : '';
  details.append(el('summary', '', title + ref), el('pre', '', JSON.stringify(resolve(spec, schema), null, 2)));
  return details;
}

function parametersTable(parameters) {
  const table = el('table', 'params');
  const head = table.createTHead().insertRow();
  for (const name of ['Name', 'In', 'Required', 'Schema', 'Description']) head.append(el('th', '', name));
  const body = table.createTBody();
  for (const p of parameters) {
    const row = body.insertRow();
    row.append(el('td', 'mono', p.name), el('td', '', p.in), el('td', '', p.required ? 'yes' : 'no'),
      el('td', 'mono', JSON.stringify(p.schema)), el('td', '', p.description || ''));
  }
  return table;
}

function responsesList(spec, responses) {
  const list = el('div', 'responses');
  for (const [status, raw] of Object.entries(responses)) {
    const response = resolve(spec, raw) || {};
    const row = el('div', 'response');
    row.append(el('span', `status s${status[0]}`, status), el('span', '', ` ${response.description || ''}`));
    for (const [type, media] of Object.entries(response.content || {})) row.append(schemaBlock(spec, type, media.schema));
    list.append(row);
  }
  return list;
}

/** The "Try it" form of one operation: path and query parameters, a JSON body, and the answer. */
function tryIt(spec, path, method, op, token) {
  const form = el('form', 'try');
  const inputs = new Map();
  for (const p of op.parameters || []) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const label = el('label', '', `${p.name} (${p.in}${p.required ? ', required' : ''}) `);
    const input = el('input');
    input.name = p.name;
    if (p.required) input.required = true;
    label.append(input);
    form.append(label);
    inputs.set(p, input);
  }
  let body;
  if (op.requestBody) {
    const schema = resolve(spec, op.requestBody.content['application/json'].schema);
    body = el('textarea', 'mono');
    body.rows = 6;
    body.value = JSON.stringify(schema && schema.examples ? schema.examples[0] : {}, null, 2);
    const label = el('label', 'block', 'JSON body');
    label.append(body);
    form.append(label);
  }
  const send = el('button', '', `Send ${method.toUpperCase()}`);
  send.type = 'submit';
  const out = el('pre', 'answer');
  form.append(send, out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const [p, input] of inputs) {
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(input.value));
      else if (input.value !== '') query.set(p.name, input.value);
    }
    if (query.toString() !== '') url += `?${query}`;
    const headers = {};
    if (token.value) headers.Authorization = `Bearer ${token.value}`;
    if (body) headers['Content-Type'] = 'application/json';
    out.textContent = `${method.toUpperCase()} ${url} …`;
    try {
      const res = await fetch(url, { method: method.toUpperCase(), headers, ...(body ? { body: body.value } : {}) });
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: show as sent */ }
      out.textContent = `${res.status} ${res.statusText}\n${res.headers.get('content-type') || ''}\n\n${shown}`;
    } catch (err) {
      out.textContent = `request failed: ${err && err.message ? err.message : err}`;
    }
  });
  return form;
}

function operationCard(spec, path, method, op, token) {
  const card = el('details', 'op');
  card.id = op.operationId || `${method}-${path}`;
  const summary = el('summary');
  summary.append(el('span', `method m-${method}`, method.toUpperCase()), el('span', 'path mono', path), el('span', 'summary', op.summary || ''));
  card.append(summary);
  if (op.description) card.append(el('p', '', op.description));
  const auth = (op.security || []).map((s) => Object.keys(s).join(' + ') || 'signature').join(' or ');
  card.append(el('p', 'auth', `Auth: ${auth || 'none'}`));
  if (op.parameters && op.parameters.length) card.append(el('h4', '', 'Parameters'), parametersTable(op.parameters));
  if (op.requestBody) card.append(el('h4', '', 'Request body'), schemaBlock(spec, 'application/json', op.requestBody.content['application/json'].schema));
  card.append(el('h4', '', 'Responses'), responsesList(spec, op.responses || {}));
  card.append(el('h4', '', 'Try it'), tryIt(spec, path, method, op, token));
  return card;
}

function render(spec) {
  const main = document.getElementById('operations');
  const nav = document.getElementById('toc');
  const token = document.getElementById('token');
  document.getElementById('title').textContent = `${spec.info.title} ${spec.info.version}`;
  document.getElementById('description').textContent = spec.info.description || '';
  const byTag = new Map((spec.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const name = (op.tags && op.tags[0]) || 'Other';
      if (!byTag.has(name)) byTag.set(name, { tag: { name }, ops: [] });
      byTag.get(name).ops.push([path, method, op]);
    }
  }
  main.replaceChildren();
  nav.replaceChildren();
  for (const { tag, ops } of byTag.values()) {
    if (ops.length === 0) continue;
    const section = el('section');
    section.id = `tag-${tag.name}`;
    section.append(el('h2', '', tag.name));
    if (tag.description) section.append(el('p', 'muted', tag.description));
    for (const [path, method, op] of ops) section.append(operationCard(spec, path, method, op, token));
    main.append(section);
    const link = el('a', '', tag.name);
    link.href = `#tag-${tag.name}`;
    nav.append(link);
  }
}

fetch(SPEC_URL)
  .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`${SPEC_URL}: ${res.status}`))))
  .then(render)
  .catch((err) => {
    document.getElementById('operations').replaceChildren(el('p', 'error', `Could not load the API description: ${err.message}`));
  });
