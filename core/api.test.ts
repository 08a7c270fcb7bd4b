import { describe, expect, it } from 'vitest';
import {
  API_SCHEMAS,
  ApiError,
  designFileName,
  HOST_METHODS,
  isHostMethod,
  MenuCommandSchema,
  parseApiArgs,
  toErrorBody,
  type HostMethods,
} from './api';
import { InputError } from './errors';

describe('API_SCHEMAS', () => {
  it('has a schema for every host method', () => {
    // Compile-time: every key of HostMethods is a schema key and vice versa.
    const keys: Record<keyof HostMethods, true> = Object.fromEntries(HOST_METHODS.map((m) => [m, true])) as Record<
      keyof HostMethods,
      true
    >;
    expect(Object.keys(keys).sort()).toEqual(Object.keys(API_SCHEMAS).sort());
    expect(isHostMethod('listDesigns')).toBe(true);
    expect(isHostMethod('toString')).toBe(false);
    expect(isHostMethod('__proto__')).toBe(false);
  });

  it('treats a missing argument object as {}', () => {
    expect(parseApiArgs('listDesigns', undefined)).toEqual({});
  });

  it('trims names and names the path of bad fields', () => {
    expect(parseApiArgs('renameDesign', { id: 'a', name: '  B  ' })).toEqual({ id: 'a', name: 'B' });
    expect(() => parseApiArgs('renameDesign', { id: 'a', name: '' })).toThrow('args.name: must not be empty');
    expect(() => parseApiArgs('renameDesign', { id: '', name: 'x' })).toThrow('args.id: must not be empty');
    expect(() => parseApiArgs('renameDesign', { id: 'a', name: 'x'.repeat(201) })).toThrow(
      'args.name: must be at most 200 characters',
    );
    expect(() => parseApiArgs('renameDesign', null)).toThrow(/^args: /);
  });

  it('setting values must be plain JSON', () => {
    expect(() => parseApiArgs('setSetting', { key: 'k', value: { d: new Date() } })).toThrow(
      'args.value.d: must be plain JSON data',
    );
    expect(() => parseApiArgs('setSetting', { key: 'k', value: Infinity })).toThrow(
      'args.value: must be a finite number',
    );
    expect(() => parseApiArgs('setSetting', { key: 'k', value: 'x'.repeat(1024 * 1024 + 1) })).toThrow(
      /at most 1048576 bytes/,
    );
    expect(parseApiArgs('setSetting', { key: 'ui.panels', value: { left: true, w: [1, 2] } })).toEqual({
      key: 'ui.panels',
      value: { left: true, w: [1, 2] },
    });
  });

  it('import takes exactly one of text or bytes', () => {
    expect(() => parseApiArgs('importDesign', { fileName: 'a', text: '{}', bytes: new Uint8Array(1) })).toThrow(
      'args.text: give exactly one of text or bytes',
    );
    expect(parseApiArgs('importDesign', { fileName: 'a', bytes: new Uint8Array([123, 125]) }).bytes).toEqual(
      new Uint8Array([123, 125]),
    );
  });

  it('menu commands', () => {
    expect(MenuCommandSchema.safeParse({ command: 'save' }).success).toBe(true);
    expect(MenuCommandSchema.safeParse({ command: 'openDesign', id: 'x' }).success).toBe(true);
    expect(MenuCommandSchema.safeParse({ command: 'rm -rf' }).success).toBe(false);
  });
});

describe('errors across the boundary', () => {
  it('keeps the path of input errors and rebuilds them client-side', () => {
    const body = toErrorBody(new InputError('args.name', 'must not be empty'));
    expect(body).toEqual({ error: 'args.name: must not be empty', path: 'args.name', code: 'invalid-input' });
    const e = new ApiError(body, 400);
    expect(e.message).toBe('args.name: must not be empty');
    expect(e.path).toBe('args.name');
    expect(e.status).toBe(400);
    expect(toErrorBody('weird')).toEqual({ error: 'weird' });
  });
});

describe('designFileName', () => {
  it('makes a safe file name', () => {
    expect(designFileName('GPT-3 on 1024 A100')).toBe('GPT-3 on 1024 A100.cwb.json');
    expect(designFileName('a/b:c*?')).toBe('a-b-c-.cwb.json');
    expect(designFileName('...')).toBe('design.cwb.json');
  });
});
