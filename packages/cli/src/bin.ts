import { main } from './main';

main().then((code) => {
  // Some engines keep handles open (GPU devices, thread pools): exit explicitly.
  process.exit(code);
});
