import { generateApiKey, keyPrefix, parseApiKey, secretMatches } from './api-key-format';

describe('API key format', () => {
  it('generates keys that parse back to their id and match their stored hash', () => {
    const sut = generateApiKey();
    const parsed = parseApiKey(sut.key);

    expect(sut.key.startsWith(keyPrefix(sut.id))).toBe(true);
    expect(parsed?.id).toBe(sut.id);
    expect(secretMatches(parsed!.secret, sut.secretHash)).toBe(true);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));

    expect(keys.size).toBe(200);
  });

  it('rejects another secret for the same id', () => {
    const sut = generateApiKey();
    const other = parseApiKey(generateApiKey().key)!;

    expect(secretMatches(other.secret, sut.secretHash)).toBe(false);
  });

  it.each(['', 'pum_', 'pum_abc_def', `sk_${'a'.repeat(12)}_${'b'.repeat(43)}`, `pum_${'A'.repeat(12)}_${'b'.repeat(43)}`, `pum_${'a'.repeat(12)}_${'b'.repeat(44)}`])(
    'rejects the malformed key %j',
    (key) => {
      expect(parseApiKey(key)).toBeNull();
    },
  );
});
