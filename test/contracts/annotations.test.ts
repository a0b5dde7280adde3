import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AnnotationSyntaxError,
  canonicalise,
  parseAnnotation,
  printAnnotation,
  readAnnotation,
  sameAnnotation,
} from '../../src/contracts/annotations.js';

const imports = (entries: Record<string, string>) => new Map(Object.entries(entries));

function same(a: string, b: string, aImports = {}, bImports = {}): boolean {
  const left = readAnnotation(a, imports(aImports));
  const right = readAnnotation(b, imports(bImports));
  if (!left || !right) throw new Error(`unreadable: ${a} / ${b}`);
  return sameAnnotation(left, right);
}

describe('annotation normalisation', () => {
  it('treats the spellings of a pandas DataFrame as one type', () => {
    expect(same('pd.DataFrame', 'pandas.DataFrame', { pd: 'pandas' })).toBe(true);
    expect(same('DataFrame', 'pandas.DataFrame', { DataFrame: 'pandas.DataFrame' })).toBe(true);
    expect(same('pd.DataFrame', 'DF', {}, { DF: 'pandas.DataFrame' })).toBe(true);
    expect(same('pd.DataFrame', 'pandas.core.frame.DataFrame')).toBe(true);
    expect(same('pd.DataFrame', 'pd.Series')).toBe(false);
  });

  it('resolves names through the file imports before conventions', () => {
    // A file that binds `pd` to something else is not talking about pandas.
    expect(same('pd.DataFrame', 'pd.DataFrame', {}, { pd: 'polars' })).toBe(false);
    expect(printAnnotation(canonicalise(parseAnnotation('np.ndarray')))).toBe('numpy.ndarray');
  });

  it('unifies Optional, Union with None and the | operator, in any order', () => {
    expect(same('Optional[int]', 'int | None')).toBe(true);
    expect(same('typing.Optional[int]', 'Union[None, int]')).toBe(true);
    expect(same('None | int', 'Union[int, None]')).toBe(true);
    expect(same('Union[int, str, None]', 'Optional[Union[str, int]]')).toBe(true);
    expect(same('Optional[int]', 'int')).toBe(false);
  });

  it('unifies typing generics with builtin generics', () => {
    expect(same('List[int]', 'list[int]')).toBe(true);
    expect(same('typing.Dict[str, Any]', 'dict[str, typing.Any]')).toBe(true);
    expect(same('Tuple[int, ...]', 'tuple[int, ...]')).toBe(true);
    expect(same('Sequence[float]', 'collections.abc.Sequence[float]')).toBe(true);
    expect(same('List[int]', 'list[str]')).toBe(false);
    expect(same('List[int]', 'Set[int]')).toBe(false);
  });

  it('reads quoted forward references and keeps Literal strings as values', () => {
    expect(same('"pd.DataFrame"', 'pd.DataFrame')).toBe(true);
    expect(same("Optional['Model']", 'Model | None')).toBe(true);
    expect(same('Literal["a", "b"]', "Literal['a', 'b']")).toBe(true);
    expect(same('Literal["a"]', 'Literal["b"]')).toBe(false);
    expect(same('Annotated[int, "meta"]', 'int')).toBe(true);
  });

  it('lets a short name match its qualified form', () => {
    expect(same('Payload', 'Payload', {}, { Payload: 'app.schemas.Payload' })).toBe(true);
    expect(same('schemas.Payload', 'app.schemas.Payload')).toBe(true);
    expect(same('Payload', 'app.schemas.Result')).toBe(false);
  });

  it('prints canonical unions with None last', () => {
    expect(printAnnotation(canonicalise(parseAnnotation('Optional[Union[str, int]]')))).toBe(
      'int | str | None',
    );
  });

  it('rejects text that is not an annotation', () => {
    expect(() => parseAnnotation('list[int')).toThrow(AnnotationSyntaxError);
    expect(() => parseAnnotation('')).toThrow(AnnotationSyntaxError);
    expect(() => parseAnnotation('a + b')).toThrow(AnnotationSyntaxError);
    expect(readAnnotation('int]')).toBeUndefined();
  });

  it('never throws anything but AnnotationSyntaxError, and never hangs, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseAnnotation(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AnnotationSyntaxError);
        }
      }),
      { numRuns: 500 },
    );
    expect(() => parseAnnotation('['.repeat(5000))).toThrow(AnnotationSyntaxError);
  });

  it('round-trips printed canonical annotations', () => {
    const names = fc.constantFrom('int', 'str', 'pd.DataFrame', 'np.ndarray', 'None', 'Any');
    const ann: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        names,
        tie('t').map((x) => `list[${x}]`),
        tie('t').map((x) => `Optional[${x}]`),
        fc.tuple(tie('t'), tie('t')).map(([a, b]) => `dict[${a}, ${b}]`),
        fc.tuple(tie('t'), tie('t')).map(([a, b]) => `${a} | ${b}`),
      ),
    })).t;
    fc.assert(
      fc.property(ann, (text) => {
        const once = canonicalise(parseAnnotation(text));
        const twice = canonicalise(parseAnnotation(printAnnotation(once)));
        expect(sameAnnotation(once, twice)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
