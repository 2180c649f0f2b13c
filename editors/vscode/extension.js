// Starts `istiodsl lsp` (the language server of the istiodsl jar) for .istiodsl files.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration('istiodsl').get('command', ['istiodsl', 'lsp']);
  client = new LanguageClient(
    'istiodsl',
    'istiodsl',
    { command, args },
    {
      documentSelector: [{ scheme: 'file', language: 'istiodsl' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{istiodsl,yaml,yml,json}') },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
