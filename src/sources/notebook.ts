// A byte-level scanner for Jupyter notebooks. Outputs and images are most of a notebook's bytes and
// no rule reads them, so instead of decoding the file and calling JSON.parse we walk the JSON
// structure over the Buffer, validating every token, and decode only what the rules need: the
// format version, the kernel language and each cell's type and source. Every character of a
// source keeps its raw position, so findings land on the `.ipynb` line GitHub shows.
import {
  JsonByteScanner,
  JsonScanError,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  type Position,
} from './json-scanner.js';
import { SourceMap } from './source-map.js';

/** Malformed JSON, or JSON that is not a notebook; `line`/`column` are 1-based in the raw file. */
export { JsonScanError as NotebookParseError };

export interface NotebookCell {
  /** 1-based index among all cells of the notebook (markdown and raw cells count). */
  index: number;
  cellType: string;
  /** The cell's source joined into one string (v4 `source`; v3 code cells' `input`). */
  source: string;
  /** How the source was stored: one string, a list of strings, or absent. */
  sourceForm: 'string' | 'list' | 'missing';
  /** Per-cell language: VS Code's `metadata.vscode.languageId`, or a v3 code cell's `language`. */
  language?: string;
  /** Raw positions of the source's characters. */
  map: SourceMap;
}

export interface ScannedNotebook {
  nbformat?: number;
  nbformatMinor?: number;
  /** `metadata.kernelspec.language`, else `metadata.language_info.name` (else Databricks' language). */
  language?: string;
  cells: NotebookCell[];
}

/** Whether a kernel or cell language names Python. A notebook with no language is Python. */
export function isPythonLanguage(language: string | undefined): boolean {
  if (language === undefined) return true;
  return /^(?:i?python[\d.]*|pyspark|py)$/i.test(language.trim());
}

export interface ScanOptions {
  /**
   * Decode only the sources of code cells (and of cells whose type is not known yet when their
   * source is reached); other cells get an empty source. They are still validated, so a
   * malformed notebook fails the same way. Markdown is a large share of a notebook's text.
   */
  codeOnly?: boolean;
}

/** Scan a notebook file. Throws `NotebookParseError` for malformed JSON or a non-notebook. */
export function scanNotebook(bytes: Uint8Array, options: ScanOptions = {}): ScannedNotebook {
  return new NotebookScanner(bytes, options.codeOnly === true).notebook();
}

interface CellDraft {
  start: Position;
  cellType?: string;
  source?: SourceValue;
  input?: SourceValue;
  language?: string;
}

interface SourceValue {
  text: string;
  form: 'string' | 'list';
  map: SourceMap;
}

class NotebookScanner extends JsonByteScanner {
  constructor(
    bytes: Uint8Array,
    private readonly codeOnly: boolean,
  ) {
    super(bytes);
  }

  notebook(): ScannedNotebook {
    const result: ScannedNotebook = { cells: [] };
    this.ws();
    const start = this.here();
    if (this.atEnd()) throw this.error('empty file: expected a notebook (a JSON object)');
    if (!this.isNext(OPEN_BRACE)) {
      if (this.looksLikeJsonValue()) {
        this.skipValue();
        this.expectEnd();
        throw this.error(
          'not a Jupyter notebook: the top-level JSON value is not an object',
          start,
        );
      }
      throw this.error(`not JSON: expected '{' to start a notebook, found ${this.describe()}`);
    }
    let sawCells = false;
    let sawWorksheets = false;
    let sawVersion = false;
    this.object((key, keyPos) => {
      switch (key) {
        case 'cells':
          sawCells = true;
          result.cells = this.cellList(keyPos, 1);
          return;
        case 'worksheets':
          sawWorksheets = true;
          result.cells = this.worksheets(keyPos);
          return;
        case 'metadata':
          this.notebookMetadata(result);
          return;
        case 'nbformat':
          sawVersion = true;
          result.nbformat = this.integer('nbformat');
          return;
        case 'nbformat_minor':
          result.nbformatMinor = this.integer('nbformat_minor');
          return;
        default:
          this.skipValue();
      }
    });
    this.expectEnd();
    if (!sawCells && !sawWorksheets && !sawVersion) {
      throw this.error(
        'not a Jupyter notebook: the object has no "cells" (nbformat 4), "worksheets" (nbformat 3) or "nbformat"',
        start,
      );
    }
    return result;
  }

  private notebookMetadata(result: ScannedNotebook): void {
    if (!this.isNext(OPEN_BRACE)) return this.skipValue();
    let kernelLanguage: string | undefined;
    let infoName: string | undefined;
    let databricksLanguage: string | undefined;
    this.object((key) => {
      if (key === 'kernelspec') kernelLanguage = this.stringField('language') ?? kernelLanguage;
      else if (key === 'language_info') infoName = this.stringField('name') ?? infoName;
      else if (key === 'application/vnd.databricks.v1+notebook') {
        databricksLanguage = this.stringField('language') ?? databricksLanguage;
      } else this.skipValue();
    });
    result.language = kernelLanguage ?? infoName ?? databricksLanguage;
  }

  /** nbformat 3: `worksheets: [{cells: [...]}, ...]`, cells numbered across worksheets. */
  private worksheets(keyPos: Position): NotebookCell[] {
    if (!this.isNext(OPEN_BRACKET)) throw this.error('"worksheets" must be a list', keyPos);
    const cells: NotebookCell[] = [];
    this.array(() => {
      const sheetPos = this.here();
      if (!this.isNext(OPEN_BRACE)) throw this.error('each worksheet must be an object', sheetPos);
      let sheetCells: NotebookCell[] = [];
      this.object((key, cellsPos) => {
        if (key === 'cells') sheetCells = this.cellList(cellsPos, cells.length + 1);
        else this.skipValue();
      });
      cells.push(...sheetCells);
    });
    return cells;
  }

  private cellList(keyPos: Position, firstIndex: number): NotebookCell[] {
    if (!this.isNext(OPEN_BRACKET)) throw this.error('"cells" must be a list', keyPos);
    const cells: NotebookCell[] = [];
    this.array(() => {
      cells.push(this.cell(firstIndex + cells.length));
    });
    return cells;
  }

  private cell(index: number): NotebookCell {
    const draft: CellDraft = { start: this.here() };
    if (!this.isNext(OPEN_BRACE)) throw this.error(`cell ${index} is not an object`);
    this.object((key, keyPos) => {
      switch (key) {
        case 'cell_type':
          draft.cellType = this.string(`cell ${index}'s "cell_type"`);
          return;
        case 'source':
          draft.source = this.sourceValue(index, keyPos, this.wanted(draft));
          return;
        case 'input':
          draft.input = this.sourceValue(index, keyPos, this.wanted(draft));
          return;
        case 'language':
          draft.language = this.optionalString() ?? draft.language;
          return;
        case 'metadata':
          draft.language = this.cellMetadataLanguage() ?? draft.language;
          return;
        default:
          this.skipValue();
      }
    });
    if (draft.cellType === undefined) {
      throw this.error(`cell ${index} has no "cell_type"`, draft.start);
    }
    // nbformat 3 code cells keep their code in `input`; everything else uses `source`.
    const value = (draft.cellType === 'code' ? draft.input : undefined) ?? draft.source;
    return {
      index,
      cellType: draft.cellType,
      source: value?.text ?? '',
      sourceForm: value?.form ?? 'missing',
      language: draft.language,
      map: value?.map ?? SourceMap.empty(draft.start),
    };
  }

  /** VS Code stores a per-cell language in `metadata.vscode.languageId`. */
  private cellMetadataLanguage(): string | undefined {
    if (!this.isNext(OPEN_BRACE)) {
      this.skipValue();
      return undefined;
    }
    let language: string | undefined;
    this.object((key) => {
      if (key === 'vscode') language = this.stringField('languageId') ?? language;
      else this.skipValue();
    });
    return language;
  }

  /** Whether a cell's source is needed: always, unless only code is and the cell is not code. */
  private wanted(draft: CellDraft): boolean {
    return !this.codeOnly || draft.cellType === undefined || draft.cellType === 'code';
  }

  /**
   * A cell source: a string or a list of strings, decoded with raw positions, or when not
   * `wanted` only validated (an empty source).
   */
  private sourceValue(index: number, keyPos: Position, wanted: boolean): SourceValue {
    const anchor = this.here();
    const builder = wanted ? SourceMap.builder(anchor) : undefined;
    const read = () => (builder ? this.decodeString(builder) : this.checkString());
    let form: SourceValue['form'];
    if (this.isNext(QUOTE)) {
      read();
      form = 'string';
    } else {
      if (!this.isNext(OPEN_BRACKET)) {
        throw this.error(`cell ${index}'s source must be a string or a list of strings`, keyPos);
      }
      this.array(() => {
        if (!this.isNext(QUOTE)) {
          throw this.error(
            `cell ${index}'s source list must hold strings, found ${this.describe()}`,
          );
        }
        read();
      });
      form = 'list';
    }
    return builder
      ? { text: builder.text(), form, map: builder.build() }
      : { text: '', form, map: SourceMap.empty(anchor) };
  }

  /** Read `{..., field: "text", ...}` and return that string; other members are skipped. */
  private stringField(field: string): string | undefined {
    if (!this.isNext(OPEN_BRACE)) {
      this.skipValue();
      return undefined;
    }
    let value: string | undefined;
    this.object((key) => {
      if (key === field) value = this.optionalString() ?? value;
      else this.skipValue();
    });
    return value;
  }

  private optionalString(): string | undefined {
    if (this.isNext(QUOTE)) return this.decodeString();
    this.skipValue();
    return undefined;
  }

  private string(what: string): string {
    if (!this.isNext(QUOTE)) throw this.error(`${what} must be a string, found ${this.describe()}`);
    return this.decodeString();
  }
}
