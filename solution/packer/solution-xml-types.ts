/**
 * Root component type codes of solution.xml, shared by the manifest and its dependency list [C] (componenttype choice of the solutioncomponent table; dataverse.md
 * §3.1). 70 is the field security profile [C] (same choice); 380 the environment variable definition
 * [C] (exports of solutions that carry environment variables: `<RootComponent type="380" schemaName=..>`).
 */
export const ComponentType = {
  Entity: 1,
  OptionSet: 9,
  Role: 20,
  /** A system form outside a table's FormXml: our dashboards. */
  SystemForm: 60,
  WebResource: 61,
  SiteMap: 62,
  CustomControl: 66,
  FieldSecurityProfile: 70,
  AppModule: 80,
  EnvironmentVariableDefinition: 380,
} as const;
