// Validates JSON documents against a JSON Schema (draft 2020-12) with ajv.
// usage: node validate_schema.mjs SCHEMA.json DOC.json...
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";

const [schemaPath, ...docs] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
let failed = 0;
for (const doc of docs) {
  if (!validate(JSON.parse(readFileSync(doc, "utf8")))) {
    failed++;
    console.log(`FAIL ${doc}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`schema: ${docs.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && docs.length > 0 ? 0 : 1);
