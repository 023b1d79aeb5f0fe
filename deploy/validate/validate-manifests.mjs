// Validates every document of the rendered manifests (kubectl kustomize deploy/k8s, on stdin) against the
// Kubernetes OpenAPI schemas of the kubernetes-models packages (KEDA's from @kubernetes-models/keda), offline.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = { "keda.sh": "@kubernetes-models/keda" };
const documents = parseAllDocuments(readFileSync(0, "utf8")).map((d) => d.toJSON()).filter(Boolean);
let failures = 0;
for (const manifest of documents) {
  const { apiVersion, kind } = manifest;
  const name = `${kind}/${manifest.metadata?.name}`;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = `${packages[group] ?? "kubernetes-models"}/${group ? `${group}/` : ""}${version}/${kind}`;
  try {
    const { [kind]: Model } = await import(module);
    new Model(manifest).validate();
  } catch (error) {
    failures++;
    console.error(`${name}: ${error.code === "ERR_MODULE_NOT_FOUND" ? `no schema for ${apiVersion} ${kind}` : error.message.split("\n").join("; ")}`);
  }
}

console.log(`${documents.length - failures} of ${documents.length} manifests valid`);
process.exit(failures === 0 && documents.length > 0 ? 0 : 1);
