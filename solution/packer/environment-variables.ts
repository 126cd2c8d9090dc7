/**
 * Environment variable definitions (root component type 380): one file each,
 * `environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml`, in the shape exports
 * and pac-unpacked solutions carry [C] (`<environmentvariabledefinition schemaname=..>` with
 * `<displayname default=..><label ../></displayname>`, `<type>100000000</type>`, `<isrequired>`,
 * `<secretstore>`, `<introducedversion>`). No `<defaultvalue>`: see solution/schema/settings.ts.
 */
import type { EnvironmentVariableDef } from '../schema';
import { LANGUAGE_CODE } from './labels';
import type { ManagedPolicy } from './managed';
import type { PackedFile } from './webresources';
import { el, leaf, serializeDocument } from './xml';

export const ENVIRONMENT_VARIABLES_FOLDER = 'environmentvariabledefinitions';
export const ENVIRONMENT_VARIABLE_FILE = 'environmentvariabledefinition.xml';

const label = (name: string, text: string) =>
  el(name, { default: text }, [el('label', { description: text, languagecode: LANGUAGE_CODE })]);

export function environmentVariableXml(v: EnvironmentVariableDef, version: string, policy: ManagedPolicy): string {
  return serializeDocument(
    el('environmentvariabledefinition', { schemaname: v.schemaName }, [
      label('description', v.description),
      label('displayname', v.displayName),
      leaf('introducedversion', version),
      leaf('iscustomizable', policy.entityCustomizable),
      leaf('isrequired', false),
      leaf('secretstore', false),
      leaf('type', v.type),
    ]),
  );
}

export function environmentVariableFiles(
  variables: readonly EnvironmentVariableDef[],
  version: string,
  policy: ManagedPolicy,
): PackedFile[] {
  return variables.map((v) => ({
    path: `${ENVIRONMENT_VARIABLES_FOLDER}/${v.schemaName}/${ENVIRONMENT_VARIABLE_FILE}`,
    data: Buffer.from(environmentVariableXml(v, version, policy), 'utf8'),
  }));
}
