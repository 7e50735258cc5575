import { isOpenPath } from './access';
import { credentialsOfHeaders } from './authenticator';

describe('isOpenPath', () => {
  it.each(['/health', '/health/ready', '/health/live', '/metrics', '/docs', '/docs/index.html', '/api/v1/openapi.yaml', '/api/v1/openapi.json'])('leaves %s open', (path) => {
    expect(isOpenPath(path)).toBe(true);
  });

  it.each(['/api/v1/upgrades', '/api/v1/me', '/healthz', '/metrics/x', '/api/v1/admin/users', '/documents'])('guards %s', (path) => {
    expect(isOpenPath(path)).toBe(false);
  });
});

describe('credentialsOfHeaders', () => {
  it.each([
    [{ 'x-api-key': 'pum_k' }, { apiKey: 'pum_k', token: undefined }],
    [{ authorization: 'Bearer eyJ.a.b' }, { apiKey: undefined, token: 'eyJ.a.b' }],
    [{ authorization: 'bearer pum_k' }, { apiKey: undefined, token: 'pum_k' }],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, { apiKey: undefined, token: 'Basic dXNlcjpwYXNz' }],
    [{}, { apiKey: undefined, token: undefined }],
  ])('reads %j', (headers, expected) => {
    expect(credentialsOfHeaders(headers)).toEqual(expected);
  });
});
