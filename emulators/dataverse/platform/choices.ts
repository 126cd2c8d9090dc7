/** Choices of the platform tables the emulator serves (values from the Dataverse table reference) [C]. */
import { choice } from './define';

export const serviceEndpointContract = choice('serviceendpoint_contract', 'Contract', {
  OneWay: [1, 'OneWay'],
  Queue: [2, 'Queue'],
  Rest: [3, 'Rest'],
  TwoWay: [4, 'TwoWay'],
  Topic: [5, 'Topic'],
  QueuePersistent: [6, 'Queue (Persistent)'],
  EventHub: [7, 'Event Hub'],
  Webhook: [8, 'Webhook'],
  EventGrid: [9, 'Event Grid'],
  ManagedDataLake: [10, 'Managed Data Lake'],
});

export const serviceEndpointAuthType = choice('serviceendpoint_authtype', 'Auth Type', {
  ACS: [1, 'ACS'],
  SASKey: [2, 'SAS Key'],
  SASToken: [3, 'SAS Token'],
  WebhookKey: [4, 'Webhook Key'],
  HttpHeader: [5, 'Http Header'],
  HttpQueryString: [6, 'Http Query String'],
  ConnectionString: [7, 'Connection String'],
  AccessKey: [8, 'Access Key'],
});

export const serviceEndpointMessageFormat = choice('serviceendpoint_messageformat', 'Message Format', {
  BinaryXML: [1, 'Binary XML'],
  Json: [2, 'Json'],
  TextXML: [3, 'Text XML'],
});

export const serviceEndpointConnectionMode = choice('serviceendpoint_connectionmode', 'Connection Mode', {
  Normal: [1, 'Normal'],
  Federated: [2, 'Federated'],
});

export const serviceEndpointUserClaim = choice('serviceendpoint_userclaim', 'User Information Sent', {
  None: [1, 'None'],
  UserId: [2, 'UserId'],
  UserInfo: [3, 'UserInfo'],
});

export const stepMode = choice('sdkmessageprocessingstep_mode', 'Execution Mode', {
  Synchronous: [0, 'Synchronous'],
  Asynchronous: [1, 'Asynchronous'],
});

export const stepStage = choice('sdkmessageprocessingstep_stage', 'Execution Stage', {
  PreValidation: [10, 'Initial Pre-operation (For internal use only)'],
  PreOperation: [20, 'Pre-operation'],
  MainOperation: [30, 'Main Operation (For internal use only)'],
  PostOperation: [40, 'Post-operation'],
});

export const stepSupportedDeployment = choice('sdkmessageprocessingstep_supporteddeployment', 'Deployment', {
  ServerOnly: [0, 'Server Only'],
  MicrosoftDynamics365Client: [1, 'Microsoft Dynamics 365 Client for Outlook Only'],
  Both: [2, 'Both'],
});

/** environmentvariabledefinition.type [C]. */
export const environmentVariableType = choice('environmentvariabledefinition_type', 'Type', {
  String: [100000000, 'String'],
  Number: [100000001, 'Number'],
  Boolean: [100000002, 'Boolean'],
  Json: [100000003, 'JSON'],
  DataSource: [100000004, 'Data source'],
  Secret: [100000005, 'Secret'],
});

/**
 * asyncoperation.operationtype. The value the platform uses for a solution import is [I]: the emulator
 * only ever writes this one, and clients read the job by its id, not by its type.
 */
export const asyncOperationType = choice('asyncoperation_operationtype', 'System Job Type', {
  ImportSolution: [207, 'Import Solution'],
});
