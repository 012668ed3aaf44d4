// Fails early, in plain JavaScript that any Node runs, when Node is too old for Yardstick.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `Yardstick needs Node.js 22.17 or newer (24 LTS recommended, see .nvmrc); this is ${process.version}.\n` +
      'Install Node 24 (e.g. `nvm install 24`) and run the command again.',
  );
  process.exit(1);
}
