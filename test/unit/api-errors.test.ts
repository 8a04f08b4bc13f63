// HTTP answers and content negotiation of the v1 APIs (kernel/mesos/src/errors.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  accepted,
  accepts,
  badRequest,
  checkAccept,
  checkContentType,
  checkMethod,
  conflict,
  forbidden,
  mediaTypeOf,
  methodNotAllowed,
  noLeader,
  notFound,
  notImplemented,
  notRecovered,
  okJson,
  reasonPhrase,
  redirectToLeader,
  requestFormat,
  responseFormat,
  unauthorized,
  unsupportedMediaType,
  SCHEDULER_REALM,
  type HttpAnswer,
} from '@plateau/mesos';

test('error answers carry their status and a one-line text/plain message', () => {
  const cases = [
    [badRequest('bad\nthing'), 400, 'bad thing'],
    [forbidden('Framework is not subscribed'), 403, 'Framework is not subscribed'],
    [notFound('no such agent'), 404, 'no such agent'],
    [conflict('busy'), 409, 'busy'],
    [unsupportedMediaType('nope'), 415, 'nope'],
    [notImplemented("Received an unexpected 'UNKNOWN' call"), 501, "Received an unexpected 'UNKNOWN' call"],
    [noLeader(), 503, 'No leader elected'],
    [notRecovered(), 503, 'Master has not finished recovery'],
  ] as const;
  for (const [answer, status, body] of cases) {
    assert.is(answer.status, status);
    assert.is(answer.body, body);
    assert.is(answer.headers['Content-Type'], 'text/plain; charset=utf-8');
  }
  assert.is(reasonPhrase(415), 'Unsupported Media Type');
  assert.equal(accepted(), { status: 202, headers: {}, body: '' });
  assert.equal(okJson('{}'), { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' });
});

test('401 names the realm in WWW-Authenticate', () => {
  const a = unauthorized(SCHEDULER_REALM);
  assert.is(a.status, 401);
  assert.is(a.headers['WWW-Authenticate'], 'Basic realm="mesos-master-scheduler"');
});

test('405 lists the allowed methods as Mesos words it', () => {
  const a = methodNotAllowed(['POST'], 'GET');
  assert.is(a.status, 405);
  assert.is(a.body, "Expecting one of { 'POST' }, but received 'GET'");
  assert.is(a.headers.Allow, 'POST');
  assert.is(checkMethod('post'), undefined);
  assert.is(checkMethod('PUT')!.status, 405);
  assert.is(checkMethod(undefined)!.status, 405);
});

test('307 to the leader: protocol-relative Location with the request path as sent', () => {
  const leader = { hostname: 'm2.example', port: 5050 };
  assert.equal(redirectToLeader(leader, '/api/v1/scheduler'), { status: 307, headers: { Location: '//m2.example:5050/api/v1/scheduler' }, body: '' });
  assert.is(redirectToLeader(leader, '/master/api/v1/scheduler').headers.Location, '//m2.example:5050/master/api/v1/scheduler');
  assert.is(redirectToLeader(leader, '/master/tasks?limit=5').headers.Location, '//m2.example:5050/master/tasks?limit=5');
  assert.is(redirectToLeader(leader, '/master/redirect').headers.Location, '//m2.example:5050');
  assert.is(redirectToLeader(leader, '/redirect').headers.Location, '//m2.example:5050');
  assert.is(redirectToLeader({ hostname: '::1', port: 5050 }, '/api/v1').headers.Location, '//[::1]:5050/api/v1');
});

test('Content-Type: JSON and protobuf pass, missing is 400, others are 415', () => {
  assert.is(checkContentType('application/json'), undefined);
  assert.is(checkContentType('Application/JSON; charset=utf-8'), undefined);
  assert.is(checkContentType('application/x-protobuf'), undefined);
  const missing = checkContentType(undefined)!;
  assert.is(missing.status, 400);
  assert.is(missing.body, "Expecting 'Content-Type' to be present");
  const other = checkContentType('text/plain')!;
  assert.is(other.status, 415);
  assert.is(other.body, "Expecting 'Content-Type' of application/json or application/x-protobuf");
  assert.is(mediaTypeOf(' application/json ;q=1'), 'application/json');
  assert.is(mediaTypeOf(''), undefined);
});

test('Accept: absent, JSON and wildcards take JSON; q=0 and other types do not', () => {
  assert.ok(accepts(undefined));
  assert.ok(accepts(''));
  assert.ok(accepts('application/json'));
  assert.ok(accepts('*/*'));
  assert.ok(accepts('application/*'));
  assert.ok(accepts('text/html, application/json;q=0.5'));
  assert.not.ok(accepts('application/json;q=0, */*'));
  assert.not.ok(accepts('text/html'));
  assert.not.ok(accepts('application/x-protobuf'));
  assert.ok(accepts('application/x-protobuf', 'application/x-protobuf'));
  assert.not.ok(accepts(undefined, 'application/x-protobuf'));
});

test('checkAccept: 406 when neither JSON nor protobuf is acceptable', () => {
  assert.is(checkAccept(undefined), undefined);
  assert.is(checkAccept('application/json'), undefined);
  assert.is(checkAccept('application/x-protobuf'), undefined);
  const html = checkAccept('text/html')!;
  assert.is(html.status, 406);
  assert.is(html.body, "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  assert.is(checkAccept('text/html', 'Message-Accept')!.body, "Expecting 'Message-Accept' to allow 'application/x-protobuf' or 'application/json'");
});

test('requestFormat / responseFormat: the body encoding by Content-Type, the answer encoding by Accept (JSON first, as Mesos)', () => {
  assert.is(requestFormat('application/json'), 'json');
  assert.is(requestFormat('application/x-protobuf'), 'protobuf');
  assert.is((requestFormat(undefined) as HttpAnswer).status, 400);
  assert.is((requestFormat('application/xml') as HttpAnswer).status, 415);
  assert.is(responseFormat(undefined), 'json');
  assert.is(responseFormat('*/*'), 'json');
  assert.is(responseFormat('application/x-protobuf'), 'protobuf');
  assert.is(responseFormat('application/x-protobuf, application/json'), 'json');
  assert.is(responseFormat('application/json;q=0, application/x-protobuf'), 'protobuf');
  const no = responseFormat('text/html') as HttpAnswer;
  assert.is(no.status, 406);
  assert.match(no.body, /Expecting 'Accept' to allow/);
  assert.is((responseFormat('text/html', 'Message-Accept') as HttpAnswer).body, "Expecting 'Message-Accept' to allow 'application/x-protobuf' or 'application/json'");
});

test.run();
