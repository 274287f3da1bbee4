import { test } from 'vitest';
import { validateActionMetadata } from './action-schema.js';
test('x', () => {
  console.log(validateActionMetadata('a/action.yml', 'name: x\ndescription: d\nbogus: 1\nruns:\n  using: node99\n  main: a.js\n'));
  console.log(validateActionMetadata('a/action.yml', 'name: x\ndescription: d\nruns:\n  using: node24\n'));
  console.log(validateActionMetadata('a/action.yml', 'name: x\ndescription: d\ninputs:\n  a:\n    required: maybe\nbranding:\n  icon: nonesuch\n  color: pink\nruns:\n  using: node24\n  main: a.js\n'));
  console.log(validateActionMetadata('a/action.yml', 'name: Ancient Elder x\ndescription: d\ninputs:\n  a:\n    description: q\n    default: ${{ github.token }}\noutputs:\n  o:\n    description: x\nbranding:\n  icon: check\n  color: green\nruns:\n  using: node24\n  main: a.js\n  post: b.js\n  post-if: always()\n'));
  console.log(validateActionMetadata('a/action.yml', 'name: x\n  bad: [\n'));
});
