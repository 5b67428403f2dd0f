// Validates a stream of Kubernetes objects (YAML, on stdin) against the Kubernetes API schemas of
// kubernetes-models: types, required fields, enumerations, formats. Prints one line per object and
// exits 1 if any is invalid or of a kind it has no schema for.
//   kubectl kustomize ../overlays/local | node validate.mjs
import { loadAll } from 'js-yaml';
import { readFileSync } from 'node:fs';

let invalid = 0;
for (const object of loadAll(readFileSync(0, 'utf8')).filter(Boolean)) {
  const what = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  let Model;
  try {
    // The core group is published as "v1", the others as "group/version".
    Model = (await import(`kubernetes-models/${object.apiVersion}`))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    invalid++;
    console.log(`INVALID ${what}: no schema for this apiVersion and kind`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`valid ${what}`);
  } catch (error) {
    invalid++;
    console.log(`INVALID ${what}: ${error.message}`);
  }
}
process.exit(invalid ? 1 : 0);
