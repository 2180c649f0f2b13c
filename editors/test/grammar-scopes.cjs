// Tokenizes .istiodsl files with the TextMate grammar in a real TextMate engine (vscode-textmate with
// vscode-oniguruma, the pair VS Code runs), and checks the scopes:
//   - every comment and every string literal, as the compiler's lexer finds them, is scoped comment.* / string.quoted.*;
//   - a fixed sample gets exactly the scopes the grammar promises (keywords, names declared, settings, rule ids...).
// Usage: node grammar-scopes.cjs GRAMMAR FILE...   (vscode-textmate and vscode-oniguruma found through NODE_PATH)
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarPath, ...files] = process.argv.slice(2);

async function grammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => scopeName === 'source.istiodsl'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  return registry.loadGrammar('source.istiodsl');
}

/** The scopes of every character, per line. */
function scopes(g, text) {
  const lines = text.split('\n');
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    const perChar = new Array(line.length);
    for (const t of result.tokens) {
      for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) perChar[i] = t.scopes;
    }
    return perChar;
  });
}

/** Comments and strings as the compiler's lexer reads them: the first to start wins. */
const LEXED = /"(?:\\.|[^"\\\n])*"|(?:#|\/\/)[^\n]*|\/\*[\s\S]*?\*\//g;

function checkFile(g, file, failures) {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
  const table = scopes(g, text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const where = (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return [line, offset - lineStarts[line]];
  };
  let checked = 0;
  for (const m of text.matchAll(LEXED)) {
    const expected = m[0].startsWith('"') ? 'string.quoted' : 'comment.';
    for (let k = 0; k < m[0].length; k++) {
      if (m[0][k] === '\n') continue;
      const [line, col] = where(m.index + k);
      const s = table[line][col] || [];
      checked++;
      if (!s.some((x) => x.startsWith(expected))) {
        failures.push(`${file}:${line + 1}:${col + 1}: '${m[0].slice(0, 40)}' should be ${expected}*, is ${s.join(' ')}`);
        break;
      }
    }
  }
  return checked;
}

const SAMPLE = [
  'mesh shop {  # the mesh',
  '  import std/hardening',
  '  revision 1-22-8 {',
  '    istio 1.22.8',
  '    meshConfig { accessLogFile: "/dev/stdout\\n", replicas: 2, on: true }',
  '    set values.pilot.x = 1.5',
  '  }',
  '  tag stable -> 1-22-8',
  '  environment prod after staging soak 7d {',
  '    suppress Support.EndOfLife "why"',
  '    revisions 1-22-8  /* block */',
  '  }',
  '  overlay o { patch Deployment "istiod" { add /spec/x 1 } }',
  '}',
];

const EXPECTED = [
  [0, 'mesh', 'storage.type.mesh.istiodsl'], [0, 'shop', 'entity.name.type.istiodsl'],
  [0, '# the mesh', 'comment.line.number-sign.istiodsl'],
  [1, 'import', 'keyword.control.import.istiodsl'], [1, 'std/hardening', 'entity.name.namespace.istiodsl'],
  [2, 'revision', 'storage.type.revision.istiodsl'], [2, '1-22-8', 'entity.name.type.istiodsl'],
  [2, '{', 'punctuation.section.block.begin.istiodsl'],
  [3, 'istio', 'variable.other.setting.istiodsl'], [3, '1.22.8', 'constant.numeric.version.istiodsl'],
  [4, 'meshConfig', 'variable.other.setting.istiodsl'], [4, 'accessLogFile', 'support.type.property-name.istiodsl'],
  [4, '"/dev/stdout', 'string.quoted.double.istiodsl'], [4, '\\n', 'constant.character.escape.istiodsl'],
  [4, '2', 'constant.numeric.istiodsl'], [4, 'true', 'constant.language.istiodsl'],
  [5, 'set', 'keyword.other.istiodsl'], [5, 'values.pilot.x', 'string.unquoted.word.istiodsl'],
  [5, '=', 'keyword.operator.assignment.istiodsl'], [5, '1.5', 'constant.numeric.istiodsl'],
  [7, 'tag', 'storage.type.tag.istiodsl'], [7, 'stable', 'entity.name.type.istiodsl'],
  [7, '->', 'keyword.operator.arrow.istiodsl'], [7, '1-22-8', 'string.unquoted.word.istiodsl'],
  [8, 'environment', 'storage.type.environment.istiodsl'], [8, 'prod', 'entity.name.type.istiodsl'],
  [8, 'after', 'keyword.other.istiodsl'], [8, 'soak', 'keyword.other.istiodsl'],
  [8, '7d', 'constant.numeric.duration.istiodsl'],
  [9, 'suppress', 'keyword.other.suppress.istiodsl'], [9, 'Support.EndOfLife', 'constant.other.rule-id.istiodsl'],
  [10, '/* block */', 'comment.block.istiodsl'], [10, 'revisions', 'variable.other.setting.istiodsl'],
  [12, 'overlay', 'storage.type.overlay.istiodsl'], [12, 'patch', 'keyword.other.istiodsl'],
  [12, '/spec/x', 'string.unquoted.json-pointer.istiodsl'],
];

(async () => {
  const g = await grammar();
  const failures = [];
  let characters = 0;
  for (const file of files) characters += checkFile(g, file, failures);
  const table = scopes(g, SAMPLE.join('\n'));
  for (const [line, text, scope] of EXPECTED) {
    const col = SAMPLE[line].indexOf(text);
    const s = table[line][col] || [];
    if (!s.includes(scope)) failures.push(`sample line ${line + 1} '${text}': expected ${scope}, got ${s.join(' ')}`);
  }
  failures.forEach((f) => console.log('FAIL ' + f));
  console.log(`${files.length} files, ${characters} characters of comments and strings, ${EXPECTED.length} sample scopes;`
    + ` ${failures.length} failures`);
  process.exit(failures.length === 0 ? 0 : 1);
})().catch((e) => { console.log('ERROR ' + (e && e.stack || e)); process.exit(2); });
