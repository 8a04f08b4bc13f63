/**
 * One table per Mesos v1 message and enum: field name → cardinality, type and proto default, in
 * proto declaration order. `./json` decodes and encodes with these; the compiler checks each table
 * against its type in `./types` (a missing, extra or mistyped field does not build).
 *
 * A table is `<Type>Schema`; nested proto names use `_` (`Offer.Operation` → `Offer_OperationSchema`).
 * Forward references are thunks (`() => XSchema`).
 */
import { enumType, mapOf, message, opt, rep, req, type MessageType } from './json';
import * as T from './types';

// ---------------------------------------------------------------------------------------------
// Enums

/** mesos.v1.MachineInfo.Mode */
export const MachineInfo_ModeSchema = enumType('mesos.v1.MachineInfo.Mode', T.MachineInfo_Mode);
/** mesos.v1.FrameworkInfo.Capability.Type */
export const FrameworkInfo_Capability_TypeSchema = enumType('mesos.v1.FrameworkInfo.Capability.Type', T.FrameworkInfo_Capability_Type);
/** mesos.v1.CheckInfo.Type */
export const CheckInfo_TypeSchema = enumType('mesos.v1.CheckInfo.Type', T.CheckInfo_Type);
/** mesos.v1.HealthCheck.Type */
export const HealthCheck_TypeSchema = enumType('mesos.v1.HealthCheck.Type', T.HealthCheck_Type);
/** mesos.v1.ExecutorInfo.Type */
export const ExecutorInfo_TypeSchema = enumType('mesos.v1.ExecutorInfo.Type', T.ExecutorInfo_Type);
/** mesos.v1.MasterInfo.Capability.Type */
export const MasterInfo_Capability_TypeSchema = enumType('mesos.v1.MasterInfo.Capability.Type', T.MasterInfo_Capability_Type);
/** mesos.v1.AgentInfo.Capability.Type */
export const AgentInfo_Capability_TypeSchema = enumType('mesos.v1.AgentInfo.Capability.Type', T.AgentInfo_Capability_Type);
/** mesos.v1.CSIPluginContainerInfo.Service */
export const CSIPluginContainerInfo_ServiceSchema = enumType('mesos.v1.CSIPluginContainerInfo.Service', T.CSIPluginContainerInfo_Service);
/** mesos.v1.Value.Type */
export const Value_TypeSchema = enumType('mesos.v1.Value.Type', T.Value_Type);
/** mesos.v1.Resource.ReservationInfo.Type */
export const Resource_ReservationInfo_TypeSchema = enumType('mesos.v1.Resource.ReservationInfo.Type', T.Resource_ReservationInfo_Type);
/** mesos.v1.Resource.DiskInfo.Source.Type */
export const Resource_DiskInfo_Source_TypeSchema = enumType('mesos.v1.Resource.DiskInfo.Source.Type', T.Resource_DiskInfo_Source_Type);
/** mesos.v1.Offer.Operation.Type */
export const Offer_Operation_TypeSchema = enumType('mesos.v1.Offer.Operation.Type', T.Offer_Operation_Type);
/** mesos.v1.TaskState */
export const TaskStateSchema = enumType('mesos.v1.TaskState', T.TaskState);
/** mesos.v1.OperationState */
export const OperationStateSchema = enumType('mesos.v1.OperationState', T.OperationState);
/** mesos.v1.TaskStatus.Source */
export const TaskStatus_SourceSchema = enumType('mesos.v1.TaskStatus.Source', T.TaskStatus_Source);
/** mesos.v1.TaskStatus.Reason */
export const TaskStatus_ReasonSchema = enumType('mesos.v1.TaskStatus.Reason', T.TaskStatus_Reason);
/** mesos.v1.Environment.Variable.Type */
export const Environment_Variable_TypeSchema = enumType('mesos.v1.Environment.Variable.Type', T.Environment_Variable_Type);
/** mesos.v1.Secret.Type */
export const Secret_TypeSchema = enumType('mesos.v1.Secret.Type', T.Secret_Type);
/** mesos.v1.Image.Type */
export const Image_TypeSchema = enumType('mesos.v1.Image.Type', T.Image_Type);
/** mesos.v1.MountPropagation.Mode */
export const MountPropagation_ModeSchema = enumType('mesos.v1.MountPropagation.Mode', T.MountPropagation_Mode);
/** mesos.v1.Volume.Mode */
export const Volume_ModeSchema = enumType('mesos.v1.Volume.Mode', T.Volume_Mode);
/** mesos.v1.Volume.Source.Type */
export const Volume_Source_TypeSchema = enumType('mesos.v1.Volume.Source.Type', T.Volume_Source_Type);
/** mesos.v1.Volume.Source.SandboxPath.Type */
export const Volume_Source_SandboxPath_TypeSchema = enumType('mesos.v1.Volume.Source.SandboxPath.Type', T.Volume_Source_SandboxPath_Type);
/** mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode.Mode */
export const Volume_Source_CSIVolume_VolumeCapability_AccessMode_ModeSchema = enumType(
  'mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode.Mode',
  T.Volume_Source_CSIVolume_VolumeCapability_AccessMode_Mode,
);
/** mesos.v1.NetworkInfo.Protocol */
export const NetworkInfo_ProtocolSchema = enumType('mesos.v1.NetworkInfo.Protocol', T.NetworkInfo_Protocol);
/** mesos.v1.CapabilityInfo.Capability */
export const CapabilityInfo_CapabilitySchema = enumType('mesos.v1.CapabilityInfo.Capability', T.CapabilityInfo_Capability);
/** mesos.v1.LinuxInfo.IpcMode */
export const LinuxInfo_IpcModeSchema = enumType('mesos.v1.LinuxInfo.IpcMode', T.LinuxInfo_IpcMode);
/** mesos.v1.RLimitInfo.RLimit.Type */
export const RLimitInfo_RLimit_TypeSchema = enumType('mesos.v1.RLimitInfo.RLimit.Type', T.RLimitInfo_RLimit_Type);
/** mesos.v1.ContainerInfo.Type */
export const ContainerInfo_TypeSchema = enumType('mesos.v1.ContainerInfo.Type', T.ContainerInfo_Type);
/** mesos.v1.ContainerInfo.DockerInfo.Network */
export const ContainerInfo_DockerInfo_NetworkSchema = enumType('mesos.v1.ContainerInfo.DockerInfo.Network', T.ContainerInfo_DockerInfo_Network);
/** mesos.v1.DiscoveryInfo.Visibility */
export const DiscoveryInfo_VisibilitySchema = enumType('mesos.v1.DiscoveryInfo.Visibility', T.DiscoveryInfo_Visibility);
/** mesos.v1.DrainState */
export const DrainStateSchema = enumType('mesos.v1.DrainState', T.DrainState);
/** mesos.v1.allocator.InverseOfferStatus.Status */
export const InverseOfferStatus_StatusSchema = enumType('mesos.v1.allocator.InverseOfferStatus.Status', T.InverseOfferStatus_Status);
/** mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType */
export const AttributeConstraint_Selector_PseudoattributeTypeSchema = enumType(
  'mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType',
  T.AttributeConstraint_Selector_PseudoattributeType,
);
/** mesos.v1.scheduler.Call.Type */
export const Call_TypeSchema = enumType('mesos.v1.scheduler.Call.Type', T.Call_Type);
/** mesos.v1.scheduler.Event.Type */
export const Event_TypeSchema = enumType('mesos.v1.scheduler.Event.Type', T.Event_Type);
/** mesos.v1.scheduler.Response.Type */
export const Response_TypeSchema = enumType('mesos.v1.scheduler.Response.Type', T.Response_Type);
/** mesos.v1.master.Call.Type */
export const MasterCall_TypeSchema = enumType('mesos.v1.master.Call.Type', T.MasterCall_Type);
/** mesos.v1.master.Response.Type */
export const MasterResponse_TypeSchema = enumType('mesos.v1.master.Response.Type', T.MasterResponse_Type);
/** mesos.v1.master.Event.Type */
export const MasterEvent_TypeSchema = enumType('mesos.v1.master.Event.Type', T.MasterEvent_Type);

// ---------------------------------------------------------------------------------------------
// mesos.v1: identifiers and time

/** mesos.v1.FrameworkID */
export const FrameworkIDSchema = message<T.FrameworkID>('mesos.v1.FrameworkID', { value: req('string') });
/** mesos.v1.OfferID */
export const OfferIDSchema = message<T.OfferID>('mesos.v1.OfferID', { value: req('string') });
/** mesos.v1.AgentID */
export const AgentIDSchema = message<T.AgentID>('mesos.v1.AgentID', { value: req('string') });
/** mesos.v1.TaskID */
export const TaskIDSchema = message<T.TaskID>('mesos.v1.TaskID', { value: req('string') });
/** mesos.v1.ExecutorID */
export const ExecutorIDSchema = message<T.ExecutorID>('mesos.v1.ExecutorID', { value: req('string') });
/** mesos.v1.ContainerID */
export const ContainerIDSchema: MessageType<T.ContainerID> = message<T.ContainerID>('mesos.v1.ContainerID', {
  value: req('string'),
  parent: opt(() => ContainerIDSchema),
});
/** mesos.v1.ResourceProviderID */
export const ResourceProviderIDSchema = message<T.ResourceProviderID>('mesos.v1.ResourceProviderID', { value: req('string') });
/** mesos.v1.OperationID */
export const OperationIDSchema = message<T.OperationID>('mesos.v1.OperationID', { value: req('string') });
/** mesos.v1.TimeInfo */
export const TimeInfoSchema = message<T.TimeInfo>('mesos.v1.TimeInfo', { nanoseconds: req('int64') });
/** mesos.v1.DurationInfo */
export const DurationInfoSchema = message<T.DurationInfo>('mesos.v1.DurationInfo', { nanoseconds: req('int64') });
/** google.protobuf.Duration */
export const ProtobufDurationSchema = message<T.ProtobufDuration>('google.protobuf.Duration', {
  seconds: opt('int64n'),
  nanos: opt('int32'),
});
/** mesos.v1.Address */
export const AddressSchema = message<T.Address>('mesos.v1.Address', {
  hostname: opt('string'),
  ip: opt('string'),
  port: req('int32'),
});
/** mesos.v1.URL */
export const URLSchema = message<T.URL>('mesos.v1.URL', {
  scheme: req('string'),
  address: req(() => AddressSchema),
  path: opt('string'),
  query: rep(() => ParameterSchema),
  fragment: opt('string'),
});
/** mesos.v1.Unavailability */
export const UnavailabilitySchema = message<T.Unavailability>('mesos.v1.Unavailability', {
  start: req(() => TimeInfoSchema),
  duration: opt(() => DurationInfoSchema),
});
/** mesos.v1.MachineID */
export const MachineIDSchema = message<T.MachineID>('mesos.v1.MachineID', { hostname: opt('string'), ip: opt('string') });
/** mesos.v1.MachineInfo */
export const MachineInfoSchema = message<T.MachineInfo>('mesos.v1.MachineInfo', {
  id: req(() => MachineIDSchema),
  mode: opt(MachineInfo_ModeSchema),
  unavailability: opt(() => UnavailabilitySchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: frameworks, checks, commands, executors

/** mesos.v1.FrameworkInfo.Capability */
export const FrameworkInfo_CapabilitySchema = message<T.FrameworkInfo_Capability>('mesos.v1.FrameworkInfo.Capability', {
  type: opt(FrameworkInfo_Capability_TypeSchema),
});
/** mesos.v1.FrameworkInfo */
export const FrameworkInfoSchema = message<T.FrameworkInfo>('mesos.v1.FrameworkInfo', {
  user: req('string'),
  name: req('string'),
  id: opt(() => FrameworkIDSchema),
  failover_timeout: opt('double', { default: 0 }),
  checkpoint: opt('bool', { default: false }),
  role: opt('string', { default: '*', deprecated: true }),
  roles: rep('string'),
  hostname: opt('string'),
  principal: opt('string'),
  webui_url: opt('string'),
  capabilities: rep(() => FrameworkInfo_CapabilitySchema),
  labels: opt(() => LabelsSchema),
  offer_filters: mapOf(() => OfferFiltersSchema),
});
/** mesos.v1.CheckInfo.Command */
export const CheckInfo_CommandSchema = message<T.CheckInfo_Command>('mesos.v1.CheckInfo.Command', {
  command: req(() => CommandInfoSchema),
});
/** mesos.v1.CheckInfo.Http */
export const CheckInfo_HttpSchema = message<T.CheckInfo_Http>('mesos.v1.CheckInfo.Http', { port: req('uint32'), path: opt('string') });
/** mesos.v1.CheckInfo.Tcp */
export const CheckInfo_TcpSchema = message<T.CheckInfo_Tcp>('mesos.v1.CheckInfo.Tcp', { port: req('uint32') });
/** mesos.v1.CheckInfo */
export const CheckInfoSchema = message<T.CheckInfo>('mesos.v1.CheckInfo', {
  type: opt(CheckInfo_TypeSchema),
  command: opt(() => CheckInfo_CommandSchema),
  http: opt(() => CheckInfo_HttpSchema),
  tcp: opt(() => CheckInfo_TcpSchema),
  delay_seconds: opt('double', { default: 15 }),
  interval_seconds: opt('double', { default: 10 }),
  timeout_seconds: opt('double', { default: 20 }),
});
/** mesos.v1.HealthCheck.HTTPCheckInfo */
export const HealthCheck_HTTPCheckInfoSchema = message<T.HealthCheck_HTTPCheckInfo>('mesos.v1.HealthCheck.HTTPCheckInfo', {
  protocol: opt(NetworkInfo_ProtocolSchema, { default: 'IPv4' }),
  scheme: opt('string'),
  port: req('uint32'),
  path: opt('string'),
  statuses: rep('uint32'),
});
/** mesos.v1.HealthCheck.TCPCheckInfo */
export const HealthCheck_TCPCheckInfoSchema = message<T.HealthCheck_TCPCheckInfo>('mesos.v1.HealthCheck.TCPCheckInfo', {
  protocol: opt(NetworkInfo_ProtocolSchema, { default: 'IPv4' }),
  port: req('uint32'),
});
/** mesos.v1.HealthCheck */
export const HealthCheckSchema = message<T.HealthCheck>('mesos.v1.HealthCheck', {
  delay_seconds: opt('double', { default: 15 }),
  interval_seconds: opt('double', { default: 10 }),
  timeout_seconds: opt('double', { default: 20 }),
  consecutive_failures: opt('uint32', { default: 3 }),
  grace_period_seconds: opt('double', { default: 10 }),
  type: opt(HealthCheck_TypeSchema),
  command: opt(() => CommandInfoSchema),
  http: opt(() => HealthCheck_HTTPCheckInfoSchema),
  tcp: opt(() => HealthCheck_TCPCheckInfoSchema),
});
/** mesos.v1.KillPolicy */
export const KillPolicySchema = message<T.KillPolicy>('mesos.v1.KillPolicy', { grace_period: opt(() => DurationInfoSchema) });
/** mesos.v1.CommandInfo.URI */
export const CommandInfo_URISchema = message<T.CommandInfo_URI>('mesos.v1.CommandInfo.URI', {
  value: req('string'),
  executable: opt('bool'),
  extract: opt('bool', { default: true }),
  cache: opt('bool'),
  output_file: opt('string'),
});
/** mesos.v1.CommandInfo */
export const CommandInfoSchema = message<T.CommandInfo>('mesos.v1.CommandInfo', {
  uris: rep(() => CommandInfo_URISchema),
  environment: opt(() => EnvironmentSchema),
  shell: opt('bool', { default: true }),
  value: opt('string'),
  arguments: rep('string'),
  user: opt('string'),
});
/** mesos.v1.ExecutorInfo */
export const ExecutorInfoSchema = message<T.ExecutorInfo>('mesos.v1.ExecutorInfo', {
  type: opt(ExecutorInfo_TypeSchema),
  executor_id: req(() => ExecutorIDSchema),
  framework_id: opt(() => FrameworkIDSchema),
  command: opt(() => CommandInfoSchema),
  container: opt(() => ContainerInfoSchema),
  resources: rep(() => ResourceSchema),
  name: opt('string'),
  source: opt('string', { deprecated: true }),
  data: opt('bytes'),
  discovery: opt(() => DiscoveryInfoSchema),
  shutdown_grace_period: opt(() => DurationInfoSchema),
  labels: opt(() => LabelsSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: domains, masters, agents, resource providers

/** mesos.v1.DomainInfo.FaultDomain.RegionInfo */
export const DomainInfo_FaultDomain_RegionInfoSchema = message<T.DomainInfo_FaultDomain_RegionInfo>(
  'mesos.v1.DomainInfo.FaultDomain.RegionInfo',
  { name: req('string') },
);
/** mesos.v1.DomainInfo.FaultDomain.ZoneInfo */
export const DomainInfo_FaultDomain_ZoneInfoSchema = message<T.DomainInfo_FaultDomain_ZoneInfo>('mesos.v1.DomainInfo.FaultDomain.ZoneInfo', {
  name: req('string'),
});
/** mesos.v1.DomainInfo.FaultDomain */
export const DomainInfo_FaultDomainSchema = message<T.DomainInfo_FaultDomain>('mesos.v1.DomainInfo.FaultDomain', {
  region: req(() => DomainInfo_FaultDomain_RegionInfoSchema),
  zone: req(() => DomainInfo_FaultDomain_ZoneInfoSchema),
});
/** mesos.v1.DomainInfo */
export const DomainInfoSchema = message<T.DomainInfo>('mesos.v1.DomainInfo', { fault_domain: opt(() => DomainInfo_FaultDomainSchema) });
/** mesos.v1.MasterInfo.Capability */
export const MasterInfo_CapabilitySchema = message<T.MasterInfo_Capability>('mesos.v1.MasterInfo.Capability', {
  type: opt(MasterInfo_Capability_TypeSchema),
});
/** mesos.v1.MasterInfo */
export const MasterInfoSchema = message<T.MasterInfo>('mesos.v1.MasterInfo', {
  id: req('string'),
  ip: req('uint32'),
  port: req('uint32', { default: 5050 }),
  pid: opt('string'),
  hostname: opt('string'),
  version: opt('string'),
  address: opt(() => AddressSchema),
  domain: opt(() => DomainInfoSchema),
  capabilities: rep(() => MasterInfo_CapabilitySchema),
});
/** mesos.v1.AgentInfo.Capability */
export const AgentInfo_CapabilitySchema = message<T.AgentInfo_Capability>('mesos.v1.AgentInfo.Capability', {
  type: opt(AgentInfo_Capability_TypeSchema),
});
/** mesos.v1.AgentInfo */
export const AgentInfoSchema = message<T.AgentInfo>('mesos.v1.AgentInfo', {
  hostname: req('string'),
  port: opt('int32', { default: 5051 }),
  resources: rep(() => ResourceSchema),
  attributes: rep(() => AttributeSchema),
  id: opt(() => AgentIDSchema),
  domain: opt(() => DomainInfoSchema),
});
/** mesos.v1.CSIPluginContainerInfo */
export const CSIPluginContainerInfoSchema = message<T.CSIPluginContainerInfo>('mesos.v1.CSIPluginContainerInfo', {
  services: rep(CSIPluginContainerInfo_ServiceSchema),
  command: opt(() => CommandInfoSchema),
  resources: rep(() => ResourceSchema),
  container: opt(() => ContainerInfoSchema),
});
/** mesos.v1.CSIPluginEndpoint */
export const CSIPluginEndpointSchema = message<T.CSIPluginEndpoint>('mesos.v1.CSIPluginEndpoint', {
  csi_service: req(CSIPluginContainerInfo_ServiceSchema),
  endpoint: req('string'),
});
/** mesos.v1.CSIPluginInfo */
export const CSIPluginInfoSchema = message<T.CSIPluginInfo>('mesos.v1.CSIPluginInfo', {
  type: req('string'),
  name: opt('string', { default: 'default' }),
  containers: rep(() => CSIPluginContainerInfoSchema),
  endpoints: rep(() => CSIPluginEndpointSchema),
  target_path_root: opt('string'),
  target_path_exists: opt('bool'),
});
/** mesos.v1.ResourceProviderInfo.Storage */
export const ResourceProviderInfo_StorageSchema = message<T.ResourceProviderInfo_Storage>('mesos.v1.ResourceProviderInfo.Storage', {
  plugin: req(() => CSIPluginInfoSchema),
  reconciliation_interval_seconds: opt('double'),
});
/** mesos.v1.ResourceProviderInfo */
export const ResourceProviderInfoSchema = message<T.ResourceProviderInfo>('mesos.v1.ResourceProviderInfo', {
  id: opt(() => ResourceProviderIDSchema),
  attributes: rep(() => AttributeSchema),
  type: req('string'),
  name: req('string'),
  default_reservations: rep(() => Resource_ReservationInfoSchema),
  storage: opt(() => ResourceProviderInfo_StorageSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: values, attributes, resources

/** mesos.v1.Value.Scalar */
export const Value_ScalarSchema = message<T.Value_Scalar>('mesos.v1.Value.Scalar', { value: req('double') });
/** mesos.v1.Value.Range */
export const Value_RangeSchema = message<T.Value_Range>('mesos.v1.Value.Range', { begin: req('uint64n'), end: req('uint64n') });
/** mesos.v1.Value.Ranges */
export const Value_RangesSchema = message<T.Value_Ranges>('mesos.v1.Value.Ranges', { range: rep(() => Value_RangeSchema) });
/** mesos.v1.Value.Set */
export const Value_SetSchema = message<T.Value_Set>('mesos.v1.Value.Set', { item: rep('string') });
/** mesos.v1.Value.Text */
export const Value_TextSchema = message<T.Value_Text>('mesos.v1.Value.Text', { value: req('string') });
/** mesos.v1.Value */
export const ValueSchema = message<T.Value>('mesos.v1.Value', {
  type: req(Value_TypeSchema),
  scalar: opt(() => Value_ScalarSchema),
  ranges: opt(() => Value_RangesSchema),
  set: opt(() => Value_SetSchema),
  text: opt(() => Value_TextSchema),
});
/** mesos.v1.Attribute */
export const AttributeSchema = message<T.Attribute>('mesos.v1.Attribute', {
  name: req('string'),
  type: req(Value_TypeSchema),
  scalar: opt(() => Value_ScalarSchema),
  ranges: opt(() => Value_RangesSchema),
  set: opt(() => Value_SetSchema),
  text: opt(() => Value_TextSchema),
});
/** mesos.v1.Resource.AllocationInfo */
export const Resource_AllocationInfoSchema = message<T.Resource_AllocationInfo>('mesos.v1.Resource.AllocationInfo', {
  role: opt('string'),
});
/** mesos.v1.Resource.ReservationInfo */
export const Resource_ReservationInfoSchema = message<T.Resource_ReservationInfo>('mesos.v1.Resource.ReservationInfo', {
  type: opt(Resource_ReservationInfo_TypeSchema),
  role: opt('string'),
  principal: opt('string'),
  labels: opt(() => LabelsSchema),
});
/** mesos.v1.Resource.DiskInfo.Persistence */
export const Resource_DiskInfo_PersistenceSchema = message<T.Resource_DiskInfo_Persistence>('mesos.v1.Resource.DiskInfo.Persistence', {
  id: req('string'),
  principal: opt('string'),
});
/** mesos.v1.Resource.DiskInfo.Source.Path */
export const Resource_DiskInfo_Source_PathSchema = message<T.Resource_DiskInfo_Source_Path>('mesos.v1.Resource.DiskInfo.Source.Path', {
  root: opt('string'),
});
/** mesos.v1.Resource.DiskInfo.Source.Mount */
export const Resource_DiskInfo_Source_MountSchema = message<T.Resource_DiskInfo_Source_Mount>('mesos.v1.Resource.DiskInfo.Source.Mount', {
  root: opt('string'),
});
/** mesos.v1.Resource.DiskInfo.Source */
export const Resource_DiskInfo_SourceSchema = message<T.Resource_DiskInfo_Source>('mesos.v1.Resource.DiskInfo.Source', {
  type: req(Resource_DiskInfo_Source_TypeSchema),
  path: opt(() => Resource_DiskInfo_Source_PathSchema),
  mount: opt(() => Resource_DiskInfo_Source_MountSchema),
  vendor: opt('string'),
  id: opt('string'),
  metadata: opt(() => LabelsSchema),
  profile: opt('string'),
});
/** mesos.v1.Resource.DiskInfo */
export const Resource_DiskInfoSchema = message<T.Resource_DiskInfo>('mesos.v1.Resource.DiskInfo', {
  persistence: opt(() => Resource_DiskInfo_PersistenceSchema),
  volume: opt(() => VolumeSchema),
  source: opt(() => Resource_DiskInfo_SourceSchema),
});
/** mesos.v1.Resource.RevocableInfo */
export const Resource_RevocableInfoSchema = message<T.Resource_RevocableInfo>('mesos.v1.Resource.RevocableInfo', {});
/** mesos.v1.Resource.SharedInfo */
export const Resource_SharedInfoSchema = message<T.Resource_SharedInfo>('mesos.v1.Resource.SharedInfo', {});
/** mesos.v1.Resource */
export const ResourceSchema = message<T.Resource>('mesos.v1.Resource', {
  provider_id: opt(() => ResourceProviderIDSchema),
  name: req('string'),
  type: req(Value_TypeSchema),
  scalar: opt(() => Value_ScalarSchema),
  ranges: opt(() => Value_RangesSchema),
  set: opt(() => Value_SetSchema),
  role: opt('string', { default: '*', deprecated: true }),
  allocation_info: opt(() => Resource_AllocationInfoSchema),
  reservation: opt(() => Resource_ReservationInfoSchema),
  reservations: rep(() => Resource_ReservationInfoSchema),
  disk: opt(() => Resource_DiskInfoSchema),
  revocable: opt(() => Resource_RevocableInfoSchema),
  shared: opt(() => Resource_SharedInfoSchema),
});
/** mesos.v1.OfferFilters.ResourceQuantities */
export const OfferFilters_ResourceQuantitiesSchema = message<T.OfferFilters_ResourceQuantities>(
  'mesos.v1.OfferFilters.ResourceQuantities',
  { quantities: mapOf(() => Value_ScalarSchema) },
);
/** mesos.v1.OfferFilters.MinAllocatableResources */
export const OfferFilters_MinAllocatableResourcesSchema = message<T.OfferFilters_MinAllocatableResources>(
  'mesos.v1.OfferFilters.MinAllocatableResources',
  { quantities: rep(() => OfferFilters_ResourceQuantitiesSchema) },
);
/** mesos.v1.OfferFilters */
export const OfferFiltersSchema = message<T.OfferFilters>('mesos.v1.OfferFilters', {
  min_allocatable_resources: opt(() => OfferFilters_MinAllocatableResourcesSchema),
});
/** mesos.v1.Request */
export const RequestSchema = message<T.Request>('mesos.v1.Request', {
  agent_id: opt(() => AgentIDSchema),
  resources: rep(() => ResourceSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: offers and operations

/** mesos.v1.Offer.Operation.Launch */
export const Offer_Operation_LaunchSchema = message<T.Offer_Operation_Launch>('mesos.v1.Offer.Operation.Launch', {
  task_infos: rep(() => TaskInfoSchema),
});
/** mesos.v1.Offer.Operation.LaunchGroup */
export const Offer_Operation_LaunchGroupSchema = message<T.Offer_Operation_LaunchGroup>('mesos.v1.Offer.Operation.LaunchGroup', {
  executor: req(() => ExecutorInfoSchema),
  task_group: req(() => TaskGroupInfoSchema),
});
/** mesos.v1.Offer.Operation.Reserve */
export const Offer_Operation_ReserveSchema = message<T.Offer_Operation_Reserve>('mesos.v1.Offer.Operation.Reserve', {
  source: rep(() => ResourceSchema),
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation.Unreserve */
export const Offer_Operation_UnreserveSchema = message<T.Offer_Operation_Unreserve>('mesos.v1.Offer.Operation.Unreserve', {
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation.Create */
export const Offer_Operation_CreateSchema = message<T.Offer_Operation_Create>('mesos.v1.Offer.Operation.Create', {
  volumes: rep(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation.Destroy */
export const Offer_Operation_DestroySchema = message<T.Offer_Operation_Destroy>('mesos.v1.Offer.Operation.Destroy', {
  volumes: rep(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation.GrowVolume */
export const Offer_Operation_GrowVolumeSchema = message<T.Offer_Operation_GrowVolume>('mesos.v1.Offer.Operation.GrowVolume', {
  volume: req(() => ResourceSchema),
  addition: req(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation.ShrinkVolume */
export const Offer_Operation_ShrinkVolumeSchema = message<T.Offer_Operation_ShrinkVolume>('mesos.v1.Offer.Operation.ShrinkVolume', {
  volume: req(() => ResourceSchema),
  subtract: req(() => Value_ScalarSchema),
});
/** mesos.v1.Offer.Operation.CreateDisk */
export const Offer_Operation_CreateDiskSchema = message<T.Offer_Operation_CreateDisk>('mesos.v1.Offer.Operation.CreateDisk', {
  source: req(() => ResourceSchema),
  target_type: req(Resource_DiskInfo_Source_TypeSchema),
  target_profile: opt('string'),
});
/** mesos.v1.Offer.Operation.DestroyDisk */
export const Offer_Operation_DestroyDiskSchema = message<T.Offer_Operation_DestroyDisk>('mesos.v1.Offer.Operation.DestroyDisk', {
  source: req(() => ResourceSchema),
});
/** mesos.v1.Offer.Operation */
export const Offer_OperationSchema = message<T.Offer_Operation>('mesos.v1.Offer.Operation', {
  type: opt(Offer_Operation_TypeSchema),
  id: opt(() => OperationIDSchema),
  launch: opt(() => Offer_Operation_LaunchSchema),
  launch_group: opt(() => Offer_Operation_LaunchGroupSchema),
  reserve: opt(() => Offer_Operation_ReserveSchema),
  unreserve: opt(() => Offer_Operation_UnreserveSchema),
  create: opt(() => Offer_Operation_CreateSchema),
  destroy: opt(() => Offer_Operation_DestroySchema),
  grow_volume: opt(() => Offer_Operation_GrowVolumeSchema),
  shrink_volume: opt(() => Offer_Operation_ShrinkVolumeSchema),
  create_disk: opt(() => Offer_Operation_CreateDiskSchema),
  destroy_disk: opt(() => Offer_Operation_DestroyDiskSchema),
});
/** mesos.v1.Offer */
export const OfferSchema = message<T.Offer>('mesos.v1.Offer', {
  id: req(() => OfferIDSchema),
  framework_id: req(() => FrameworkIDSchema),
  agent_id: req(() => AgentIDSchema),
  hostname: req('string'),
  url: opt(() => URLSchema),
  domain: opt(() => DomainInfoSchema),
  resources: rep(() => ResourceSchema),
  attributes: rep(() => AttributeSchema),
  executor_ids: rep(() => ExecutorIDSchema),
  unavailability: opt(() => UnavailabilitySchema),
  allocation_info: opt(() => Resource_AllocationInfoSchema),
});
/** mesos.v1.InverseOffer */
export const InverseOfferSchema = message<T.InverseOffer>('mesos.v1.InverseOffer', {
  id: req(() => OfferIDSchema),
  url: opt(() => URLSchema),
  framework_id: req(() => FrameworkIDSchema),
  agent_id: opt(() => AgentIDSchema),
  unavailability: req(() => UnavailabilitySchema),
  resources: rep(() => ResourceSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: tasks and their status

/** mesos.v1.TaskInfo */
export const TaskInfoSchema = message<T.TaskInfo>('mesos.v1.TaskInfo', {
  name: req('string'),
  task_id: req(() => TaskIDSchema),
  agent_id: req(() => AgentIDSchema),
  resources: rep(() => ResourceSchema),
  executor: opt(() => ExecutorInfoSchema),
  command: opt(() => CommandInfoSchema),
  container: opt(() => ContainerInfoSchema),
  health_check: opt(() => HealthCheckSchema),
  check: opt(() => CheckInfoSchema),
  kill_policy: opt(() => KillPolicySchema),
  data: opt('bytes'),
  labels: opt(() => LabelsSchema),
  discovery: opt(() => DiscoveryInfoSchema),
  max_completion_time: opt(() => DurationInfoSchema),
  limits: mapOf(() => Value_ScalarSchema, { bareScalars: true }),
});
/** mesos.v1.TaskGroupInfo */
export const TaskGroupInfoSchema = message<T.TaskGroupInfo>('mesos.v1.TaskGroupInfo', { tasks: rep(() => TaskInfoSchema) });
/** mesos.v1.Task */
export const TaskSchema = message<T.Task>('mesos.v1.Task', {
  name: req('string'),
  task_id: req(() => TaskIDSchema),
  framework_id: req(() => FrameworkIDSchema),
  executor_id: opt(() => ExecutorIDSchema),
  agent_id: req(() => AgentIDSchema),
  state: req(TaskStateSchema),
  resources: rep(() => ResourceSchema),
  statuses: rep(() => TaskStatusSchema),
  status_update_state: opt(TaskStateSchema),
  status_update_uuid: opt('bytes'),
  labels: opt(() => LabelsSchema),
  discovery: opt(() => DiscoveryInfoSchema),
  container: opt(() => ContainerInfoSchema),
  health_check: opt(() => HealthCheckSchema),
  kill_policy: opt(() => KillPolicySchema),
  user: opt('string'),
  limits: mapOf(() => Value_ScalarSchema, { bareScalars: true }),
});
/** mesos.v1.TaskResourceLimitation */
export const TaskResourceLimitationSchema = message<T.TaskResourceLimitation>('mesos.v1.TaskResourceLimitation', {
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.UUID */
export const UUIDSchema = message<T.UUID>('mesos.v1.UUID', { value: req('bytes') });
/** mesos.v1.Operation */
export const OperationSchema = message<T.Operation>('mesos.v1.Operation', {
  framework_id: opt(() => FrameworkIDSchema),
  agent_id: opt(() => AgentIDSchema),
  info: req(() => Offer_OperationSchema),
  latest_status: req(() => OperationStatusSchema),
  statuses: rep(() => OperationStatusSchema),
  uuid: req(() => UUIDSchema),
});
/** mesos.v1.OperationStatus */
export const OperationStatusSchema = message<T.OperationStatus>('mesos.v1.OperationStatus', {
  operation_id: opt(() => OperationIDSchema),
  state: req(OperationStateSchema),
  message: opt('string'),
  converted_resources: rep(() => ResourceSchema),
  uuid: opt(() => UUIDSchema),
  agent_id: opt(() => AgentIDSchema),
  resource_provider_id: opt(() => ResourceProviderIDSchema),
});
/** mesos.v1.CheckStatusInfo.Command */
export const CheckStatusInfo_CommandSchema = message<T.CheckStatusInfo_Command>('mesos.v1.CheckStatusInfo.Command', {
  exit_code: opt('int32'),
});
/** mesos.v1.CheckStatusInfo.Http */
export const CheckStatusInfo_HttpSchema = message<T.CheckStatusInfo_Http>('mesos.v1.CheckStatusInfo.Http', {
  status_code: opt('uint32'),
});
/** mesos.v1.CheckStatusInfo.Tcp */
export const CheckStatusInfo_TcpSchema = message<T.CheckStatusInfo_Tcp>('mesos.v1.CheckStatusInfo.Tcp', { succeeded: opt('bool') });
/** mesos.v1.CheckStatusInfo */
export const CheckStatusInfoSchema = message<T.CheckStatusInfo>('mesos.v1.CheckStatusInfo', {
  type: opt(CheckInfo_TypeSchema),
  command: opt(() => CheckStatusInfo_CommandSchema),
  http: opt(() => CheckStatusInfo_HttpSchema),
  tcp: opt(() => CheckStatusInfo_TcpSchema),
});
/** mesos.v1.TaskStatus */
export const TaskStatusSchema = message<T.TaskStatus>('mesos.v1.TaskStatus', {
  task_id: req(() => TaskIDSchema),
  state: req(TaskStateSchema),
  message: opt('string'),
  source: opt(TaskStatus_SourceSchema),
  reason: opt(TaskStatus_ReasonSchema),
  data: opt('bytes'),
  agent_id: opt(() => AgentIDSchema),
  executor_id: opt(() => ExecutorIDSchema),
  timestamp: opt('double'),
  uuid: opt('bytes'),
  healthy: opt('bool'),
  check_status: opt(() => CheckStatusInfoSchema),
  labels: opt(() => LabelsSchema),
  container_status: opt(() => ContainerStatusSchema),
  unreachable_time: opt(() => TimeInfoSchema),
  limitation: opt(() => TaskResourceLimitationSchema),
});
/** mesos.v1.Filters */
export const FiltersSchema = message<T.Filters>('mesos.v1.Filters', { refuse_seconds: opt('double', { default: 5 }) });
/** mesos.v1.Environment.Variable */
export const Environment_VariableSchema = message<T.Environment_Variable>('mesos.v1.Environment.Variable', {
  name: req('string'),
  type: opt(Environment_Variable_TypeSchema, { default: 'VALUE' }),
  value: opt('string'),
  secret: opt(() => SecretSchema),
});
/** mesos.v1.Environment */
export const EnvironmentSchema = message<T.Environment>('mesos.v1.Environment', { variables: rep(() => Environment_VariableSchema) });
/** mesos.v1.Parameter */
export const ParameterSchema = message<T.Parameter>('mesos.v1.Parameter', { key: req('string'), value: req('string') });
/** mesos.v1.Parameters */
export const ParametersSchema = message<T.Parameters>('mesos.v1.Parameters', { parameter: rep(() => ParameterSchema) });
/** mesos.v1.Credential */
export const CredentialSchema = message<T.Credential>('mesos.v1.Credential', { principal: req('string'), secret: opt('string') });
/** mesos.v1.Secret.Reference */
export const Secret_ReferenceSchema = message<T.Secret_Reference>('mesos.v1.Secret.Reference', { name: req('string'), key: opt('string') });
/** mesos.v1.Secret.Value */
export const Secret_ValueSchema = message<T.Secret_Value>('mesos.v1.Secret.Value', { data: req('bytes') });
/** mesos.v1.Secret */
export const SecretSchema = message<T.Secret>('mesos.v1.Secret', {
  type: opt(Secret_TypeSchema),
  reference: opt(() => Secret_ReferenceSchema),
  value: opt(() => Secret_ValueSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: containers

/** mesos.v1.Image.Appc */
export const Image_AppcSchema = message<T.Image_Appc>('mesos.v1.Image.Appc', {
  name: req('string'),
  id: opt('string'),
  labels: opt(() => LabelsSchema),
});
/** mesos.v1.Image.Docker */
export const Image_DockerSchema = message<T.Image_Docker>('mesos.v1.Image.Docker', {
  name: req('string'),
  credential: opt(() => CredentialSchema, { deprecated: true }),
  config: opt(() => SecretSchema),
});
/** mesos.v1.Image */
export const ImageSchema = message<T.Image>('mesos.v1.Image', {
  type: req(Image_TypeSchema),
  appc: opt(() => Image_AppcSchema),
  docker: opt(() => Image_DockerSchema),
  cached: opt('bool', { default: true }),
});
/** mesos.v1.MountPropagation */
export const MountPropagationSchema = message<T.MountPropagation>('mesos.v1.MountPropagation', { mode: opt(MountPropagation_ModeSchema) });
/** mesos.v1.Volume.Source.DockerVolume */
export const Volume_Source_DockerVolumeSchema = message<T.Volume_Source_DockerVolume>('mesos.v1.Volume.Source.DockerVolume', {
  driver: opt('string'),
  name: req('string'),
  driver_options: opt(() => ParametersSchema),
});
/** mesos.v1.Volume.Source.HostPath */
export const Volume_Source_HostPathSchema = message<T.Volume_Source_HostPath>('mesos.v1.Volume.Source.HostPath', {
  path: req('string'),
  mount_propagation: opt(() => MountPropagationSchema),
});
/** mesos.v1.Volume.Source.SandboxPath */
export const Volume_Source_SandboxPathSchema = message<T.Volume_Source_SandboxPath>('mesos.v1.Volume.Source.SandboxPath', {
  type: opt(Volume_Source_SandboxPath_TypeSchema),
  path: req('string'),
});
/** mesos.v1.Volume.Source.CSIVolume.VolumeCapability.BlockVolume */
export const Volume_Source_CSIVolume_VolumeCapability_BlockVolumeSchema = message<T.Volume_Source_CSIVolume_VolumeCapability_BlockVolume>(
  'mesos.v1.Volume.Source.CSIVolume.VolumeCapability.BlockVolume',
  {},
);
/** mesos.v1.Volume.Source.CSIVolume.VolumeCapability.MountVolume */
export const Volume_Source_CSIVolume_VolumeCapability_MountVolumeSchema = message<T.Volume_Source_CSIVolume_VolumeCapability_MountVolume>(
  'mesos.v1.Volume.Source.CSIVolume.VolumeCapability.MountVolume',
  { fs_type: opt('string'), mount_flags: rep('string') },
);
/** mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode */
export const Volume_Source_CSIVolume_VolumeCapability_AccessModeSchema = message<T.Volume_Source_CSIVolume_VolumeCapability_AccessMode>(
  'mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode',
  { mode: req(Volume_Source_CSIVolume_VolumeCapability_AccessMode_ModeSchema) },
);
/** mesos.v1.Volume.Source.CSIVolume.VolumeCapability */
export const Volume_Source_CSIVolume_VolumeCapabilitySchema = message<T.Volume_Source_CSIVolume_VolumeCapability>(
  'mesos.v1.Volume.Source.CSIVolume.VolumeCapability',
  {
    block: opt(() => Volume_Source_CSIVolume_VolumeCapability_BlockVolumeSchema),
    mount: opt(() => Volume_Source_CSIVolume_VolumeCapability_MountVolumeSchema),
    access_mode: req(() => Volume_Source_CSIVolume_VolumeCapability_AccessModeSchema),
  },
);
/** mesos.v1.Volume.Source.CSIVolume.StaticProvisioning */
export const Volume_Source_CSIVolume_StaticProvisioningSchema = message<T.Volume_Source_CSIVolume_StaticProvisioning>(
  'mesos.v1.Volume.Source.CSIVolume.StaticProvisioning',
  {
    volume_id: req('string'),
    volume_capability: req(() => Volume_Source_CSIVolume_VolumeCapabilitySchema),
    node_stage_secrets: mapOf(() => SecretSchema),
    node_publish_secrets: mapOf(() => SecretSchema),
    volume_context: mapOf('string'),
  },
);
/** mesos.v1.Volume.Source.CSIVolume */
export const Volume_Source_CSIVolumeSchema = message<T.Volume_Source_CSIVolume>('mesos.v1.Volume.Source.CSIVolume', {
  plugin_name: req('string'),
  static_provisioning: opt(() => Volume_Source_CSIVolume_StaticProvisioningSchema),
});
/** mesos.v1.Volume.Source */
export const Volume_SourceSchema = message<T.Volume_Source>('mesos.v1.Volume.Source', {
  type: opt(Volume_Source_TypeSchema),
  docker_volume: opt(() => Volume_Source_DockerVolumeSchema),
  host_path: opt(() => Volume_Source_HostPathSchema),
  sandbox_path: opt(() => Volume_Source_SandboxPathSchema),
  secret: opt(() => SecretSchema),
  csi_volume: opt(() => Volume_Source_CSIVolumeSchema),
});
/** mesos.v1.Volume */
export const VolumeSchema = message<T.Volume>('mesos.v1.Volume', {
  mode: req(Volume_ModeSchema),
  container_path: req('string'),
  host_path: opt('string'),
  image: opt(() => ImageSchema),
  source: opt(() => Volume_SourceSchema),
});
/** mesos.v1.NetworkInfo.IPAddress */
export const NetworkInfo_IPAddressSchema = message<T.NetworkInfo_IPAddress>('mesos.v1.NetworkInfo.IPAddress', {
  protocol: opt(NetworkInfo_ProtocolSchema, { default: 'IPv4' }),
  ip_address: opt('string'),
});
/** mesos.v1.NetworkInfo.PortMapping */
export const NetworkInfo_PortMappingSchema = message<T.NetworkInfo_PortMapping>('mesos.v1.NetworkInfo.PortMapping', {
  host_port: req('uint32'),
  container_port: req('uint32'),
  protocol: opt('string'),
});
/** mesos.v1.NetworkInfo */
export const NetworkInfoSchema = message<T.NetworkInfo>('mesos.v1.NetworkInfo', {
  ip_addresses: rep(() => NetworkInfo_IPAddressSchema),
  name: opt('string'),
  groups: rep('string'),
  labels: opt(() => LabelsSchema),
  port_mappings: rep(() => NetworkInfo_PortMappingSchema),
});
/** mesos.v1.CapabilityInfo */
export const CapabilityInfoSchema = message<T.CapabilityInfo>('mesos.v1.CapabilityInfo', {
  capabilities: rep(CapabilityInfo_CapabilitySchema),
});
/** mesos.v1.SeccompInfo */
export const SeccompInfoSchema = message<T.SeccompInfo>('mesos.v1.SeccompInfo', { profile_name: opt('string'), unconfined: opt('bool') });
/** mesos.v1.LinuxInfo */
export const LinuxInfoSchema = message<T.LinuxInfo>('mesos.v1.LinuxInfo', {
  capability_info: opt(() => CapabilityInfoSchema, { deprecated: true }),
  bounding_capabilities: opt(() => CapabilityInfoSchema),
  effective_capabilities: opt(() => CapabilityInfoSchema),
  share_pid_namespace: opt('bool'),
  seccomp: opt(() => SeccompInfoSchema),
  ipc_mode: opt(LinuxInfo_IpcModeSchema),
  shm_size: opt('uint32'),
  share_cgroups: opt('bool', { default: true }),
});
/** mesos.v1.RLimitInfo.RLimit */
export const RLimitInfo_RLimitSchema = message<T.RLimitInfo_RLimit>('mesos.v1.RLimitInfo.RLimit', {
  type: opt(RLimitInfo_RLimit_TypeSchema),
  hard: opt('uint64'),
  soft: opt('uint64'),
});
/** mesos.v1.RLimitInfo */
export const RLimitInfoSchema = message<T.RLimitInfo>('mesos.v1.RLimitInfo', { rlimits: rep(() => RLimitInfo_RLimitSchema) });
/** mesos.v1.TTYInfo.WindowSize */
export const TTYInfo_WindowSizeSchema = message<T.TTYInfo_WindowSize>('mesos.v1.TTYInfo.WindowSize', {
  rows: req('uint32'),
  columns: req('uint32'),
});
/** mesos.v1.TTYInfo */
export const TTYInfoSchema = message<T.TTYInfo>('mesos.v1.TTYInfo', { window_size: opt(() => TTYInfo_WindowSizeSchema) });
/** mesos.v1.ContainerInfo.DockerInfo.PortMapping */
export const ContainerInfo_DockerInfo_PortMappingSchema = message<T.ContainerInfo_DockerInfo_PortMapping>(
  'mesos.v1.ContainerInfo.DockerInfo.PortMapping',
  { host_port: req('uint32'), container_port: req('uint32'), protocol: opt('string') },
);
/** mesos.v1.ContainerInfo.DockerInfo */
export const ContainerInfo_DockerInfoSchema = message<T.ContainerInfo_DockerInfo>('mesos.v1.ContainerInfo.DockerInfo', {
  image: req('string'),
  network: opt(ContainerInfo_DockerInfo_NetworkSchema, { default: 'HOST' }),
  port_mappings: rep(() => ContainerInfo_DockerInfo_PortMappingSchema),
  privileged: opt('bool', { default: false }),
  parameters: rep(() => ParameterSchema),
  force_pull_image: opt('bool'),
  volume_driver: opt('string', { deprecated: true }),
});
/** mesos.v1.ContainerInfo.MesosInfo */
export const ContainerInfo_MesosInfoSchema = message<T.ContainerInfo_MesosInfo>('mesos.v1.ContainerInfo.MesosInfo', {
  image: opt(() => ImageSchema),
});
/** mesos.v1.ContainerInfo */
export const ContainerInfoSchema = message<T.ContainerInfo>('mesos.v1.ContainerInfo', {
  type: req(ContainerInfo_TypeSchema),
  volumes: rep(() => VolumeSchema),
  hostname: opt('string'),
  docker: opt(() => ContainerInfo_DockerInfoSchema),
  mesos: opt(() => ContainerInfo_MesosInfoSchema),
  network_infos: rep(() => NetworkInfoSchema),
  linux_info: opt(() => LinuxInfoSchema),
  rlimit_info: opt(() => RLimitInfoSchema),
  tty_info: opt(() => TTYInfoSchema),
});
/** mesos.v1.CgroupInfo.NetCls */
export const CgroupInfo_NetClsSchema = message<T.CgroupInfo_NetCls>('mesos.v1.CgroupInfo.NetCls', { classid: opt('uint32') });
/** mesos.v1.CgroupInfo */
export const CgroupInfoSchema = message<T.CgroupInfo>('mesos.v1.CgroupInfo', { net_cls: opt(() => CgroupInfo_NetClsSchema) });
/** mesos.v1.ContainerStatus */
export const ContainerStatusSchema = message<T.ContainerStatus>('mesos.v1.ContainerStatus', {
  container_id: opt(() => ContainerIDSchema),
  network_infos: rep(() => NetworkInfoSchema),
  cgroup_info: opt(() => CgroupInfoSchema),
  executor_pid: opt('uint32'),
});
/** mesos.v1.Labels */
export const LabelsSchema = message<T.Labels>('mesos.v1.Labels', { labels: rep(() => LabelSchema) });
/** mesos.v1.Label */
export const LabelSchema = message<T.Label>('mesos.v1.Label', { key: req('string'), value: opt('string') });
/** mesos.v1.Port */
export const PortSchema = message<T.Port>('mesos.v1.Port', {
  number: req('uint32'),
  name: opt('string'),
  protocol: opt('string'),
  visibility: opt(DiscoveryInfo_VisibilitySchema),
  labels: opt(() => LabelsSchema),
});
/** mesos.v1.Ports */
export const PortsSchema = message<T.Ports>('mesos.v1.Ports', { ports: rep(() => PortSchema) });
/** mesos.v1.DiscoveryInfo */
export const DiscoveryInfoSchema = message<T.DiscoveryInfo>('mesos.v1.DiscoveryInfo', {
  visibility: req(DiscoveryInfo_VisibilitySchema),
  name: opt('string'),
  environment: opt('string'),
  location: opt('string'),
  version: opt('string'),
  ports: opt(() => PortsSchema),
  labels: opt(() => LabelsSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1: operator views

/** mesos.v1.WeightInfo */
export const WeightInfoSchema = message<T.WeightInfo>('mesos.v1.WeightInfo', { weight: req('double'), role: opt('string') });
/** mesos.v1.VersionInfo */
export const VersionInfoSchema = message<T.VersionInfo>('mesos.v1.VersionInfo', {
  version: req('string'),
  build_date: opt('string'),
  build_time: opt('double'),
  build_user: opt('string'),
  git_sha: opt('string'),
  git_branch: opt('string'),
  git_tag: opt('string'),
});
/** mesos.v1.Flag */
export const FlagSchema = message<T.Flag>('mesos.v1.Flag', { name: req('string'), value: opt('string') });
/** mesos.v1.Role */
export const RoleSchema = message<T.Role>('mesos.v1.Role', {
  name: req('string'),
  weight: req('double'),
  frameworks: rep(() => FrameworkIDSchema),
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.Metric */
export const MetricSchema = message<T.Metric>('mesos.v1.Metric', { name: req('string'), value: opt('double') });
/** mesos.v1.FileInfo */
export const FileInfoSchema = message<T.FileInfo>('mesos.v1.FileInfo', {
  path: req('string'),
  nlink: opt('int32'),
  size: opt('uint64n'),
  mtime: opt(() => TimeInfoSchema),
  mode: opt('uint32'),
  uid: opt('string'),
  gid: opt('string'),
});
/** mesos.v1.DrainConfig */
export const DrainConfigSchema = message<T.DrainConfig>('mesos.v1.DrainConfig', {
  max_grace_period: opt(() => DurationInfoSchema),
  mark_gone: opt('bool', { default: false }),
});
/** mesos.v1.DrainInfo */
export const DrainInfoSchema = message<T.DrainInfo>('mesos.v1.DrainInfo', {
  state: req(DrainStateSchema),
  config: req(() => DrainConfigSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.quota, mesos.v1.maintenance, mesos.v1.allocator

/** mesos.v1.quota.QuotaInfo */
export const QuotaInfoSchema = message<T.QuotaInfo>('mesos.v1.quota.QuotaInfo', {
  role: opt('string'),
  principal: opt('string'),
  guarantee: rep(() => ResourceSchema),
});
/** mesos.v1.quota.QuotaRequest */
export const QuotaRequestSchema = message<T.QuotaRequest>('mesos.v1.quota.QuotaRequest', {
  force: opt('bool'),
  role: opt('string'),
  guarantee: rep(() => ResourceSchema),
});
/** mesos.v1.quota.QuotaConfig */
export const QuotaConfigSchema = message<T.QuotaConfig>('mesos.v1.quota.QuotaConfig', {
  role: req('string'),
  guarantees: mapOf(() => Value_ScalarSchema),
  limits: mapOf(() => Value_ScalarSchema),
});
/** mesos.v1.quota.QuotaStatus */
export const QuotaStatusSchema = message<T.QuotaStatus>('mesos.v1.quota.QuotaStatus', {
  infos: rep(() => QuotaInfoSchema, { deprecated: true }),
  configs: rep(() => QuotaConfigSchema),
});
/** mesos.v1.maintenance.Window */
export const MaintenanceWindowSchema = message<T.MaintenanceWindow>('mesos.v1.maintenance.Window', {
  machine_ids: rep(() => MachineIDSchema),
  unavailability: req(() => UnavailabilitySchema),
});
/** mesos.v1.maintenance.Schedule */
export const MaintenanceScheduleSchema = message<T.MaintenanceSchedule>('mesos.v1.maintenance.Schedule', {
  windows: rep(() => MaintenanceWindowSchema),
});
/** mesos.v1.allocator.InverseOfferStatus */
export const InverseOfferStatusSchema = message<T.InverseOfferStatus>('mesos.v1.allocator.InverseOfferStatus', {
  status: req(InverseOfferStatus_StatusSchema),
  framework_id: req(() => FrameworkIDSchema),
  timestamp: req(() => TimeInfoSchema),
});
/** mesos.v1.maintenance.ClusterStatus.DrainingMachine */
export const MaintenanceClusterStatus_DrainingMachineSchema = message<T.MaintenanceClusterStatus_DrainingMachine>(
  'mesos.v1.maintenance.ClusterStatus.DrainingMachine',
  { id: req(() => MachineIDSchema), statuses: rep(() => InverseOfferStatusSchema) },
);
/** mesos.v1.maintenance.ClusterStatus */
export const MaintenanceClusterStatusSchema = message<T.MaintenanceClusterStatus>('mesos.v1.maintenance.ClusterStatus', {
  draining_machines: rep(() => MaintenanceClusterStatus_DrainingMachineSchema),
  down_machines: rep(() => MachineIDSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: offer constraints

/** mesos.v1.scheduler.AttributeConstraint.Selector */
export const AttributeConstraint_SelectorSchema = message<T.AttributeConstraint_Selector>(
  'mesos.v1.scheduler.AttributeConstraint.Selector',
  { pseudoattribute_type: opt(AttributeConstraint_Selector_PseudoattributeTypeSchema), attribute_name: opt('string') },
);
/** mesos.v1.scheduler.AttributeConstraint.Predicate.Exists (and NotExists) */
export const AttributeConstraint_Predicate_ExistsSchema = message<T.AttributeConstraint_Predicate_Exists>(
  'mesos.v1.scheduler.AttributeConstraint.Predicate.Exists',
  {},
);
/** mesos.v1.scheduler.AttributeConstraint.Predicate.TextEquals (and TextNotEquals) */
export const AttributeConstraint_Predicate_TextSchema = message<T.AttributeConstraint_Predicate_Text>(
  'mesos.v1.scheduler.AttributeConstraint.Predicate.TextEquals',
  { value: opt('string') },
);
/** mesos.v1.scheduler.AttributeConstraint.Predicate.TextMatches (and TextNotMatches) */
export const AttributeConstraint_Predicate_RegexSchema = message<T.AttributeConstraint_Predicate_Regex>(
  'mesos.v1.scheduler.AttributeConstraint.Predicate.TextMatches',
  { regex: opt('string') },
);
/** mesos.v1.scheduler.AttributeConstraint.Predicate */
export const AttributeConstraint_PredicateSchema = message<T.AttributeConstraint_Predicate>(
  'mesos.v1.scheduler.AttributeConstraint.Predicate',
  {
    exists: opt(() => AttributeConstraint_Predicate_ExistsSchema),
    not_exists: opt(() => AttributeConstraint_Predicate_ExistsSchema),
    text_equals: opt(() => AttributeConstraint_Predicate_TextSchema),
    text_not_equals: opt(() => AttributeConstraint_Predicate_TextSchema),
    text_matches: opt(() => AttributeConstraint_Predicate_RegexSchema),
    text_not_matches: opt(() => AttributeConstraint_Predicate_RegexSchema),
  },
);
/** mesos.v1.scheduler.AttributeConstraint */
export const AttributeConstraintSchema = message<T.AttributeConstraint>('mesos.v1.scheduler.AttributeConstraint', {
  selector: req(() => AttributeConstraint_SelectorSchema),
  predicate: req(() => AttributeConstraint_PredicateSchema),
});
/** mesos.v1.scheduler.OfferConstraints.RoleConstraints.Group */
export const OfferConstraints_RoleConstraints_GroupSchema = message<T.OfferConstraints_RoleConstraints_Group>(
  'mesos.v1.scheduler.OfferConstraints.RoleConstraints.Group',
  { attribute_constraints: rep(() => AttributeConstraintSchema) },
);
/** mesos.v1.scheduler.OfferConstraints.RoleConstraints */
export const OfferConstraints_RoleConstraintsSchema = message<T.OfferConstraints_RoleConstraints>(
  'mesos.v1.scheduler.OfferConstraints.RoleConstraints',
  { groups: rep(() => OfferConstraints_RoleConstraints_GroupSchema) },
);
/** mesos.v1.scheduler.OfferConstraints */
export const OfferConstraintsSchema = message<T.OfferConstraints>('mesos.v1.scheduler.OfferConstraints', {
  role_constraints: mapOf(() => OfferConstraints_RoleConstraintsSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: Call

/** mesos.v1.scheduler.Call.Subscribe */
export const Call_SubscribeSchema = message<T.Call_Subscribe>('mesos.v1.scheduler.Call.Subscribe', {
  framework_info: req(() => FrameworkInfoSchema),
  suppressed_roles: rep('string'),
  offer_constraints: opt(() => OfferConstraintsSchema),
});
/** mesos.v1.scheduler.Call.Accept */
export const Call_AcceptSchema = message<T.Call_Accept>('mesos.v1.scheduler.Call.Accept', {
  offer_ids: rep(() => OfferIDSchema),
  operations: rep(() => Offer_OperationSchema),
  filters: opt(() => FiltersSchema),
});
/** mesos.v1.scheduler.Call.Decline */
export const Call_DeclineSchema = message<T.Call_Decline>('mesos.v1.scheduler.Call.Decline', {
  offer_ids: rep(() => OfferIDSchema),
  filters: opt(() => FiltersSchema),
});
/** mesos.v1.scheduler.Call.AcceptInverseOffers */
export const Call_AcceptInverseOffersSchema = message<T.Call_AcceptInverseOffers>('mesos.v1.scheduler.Call.AcceptInverseOffers', {
  inverse_offer_ids: rep(() => OfferIDSchema),
  filters: opt(() => FiltersSchema),
});
/** mesos.v1.scheduler.Call.DeclineInverseOffers */
export const Call_DeclineInverseOffersSchema = message<T.Call_DeclineInverseOffers>('mesos.v1.scheduler.Call.DeclineInverseOffers', {
  inverse_offer_ids: rep(() => OfferIDSchema),
  filters: opt(() => FiltersSchema),
});
/** mesos.v1.scheduler.Call.Revive */
export const Call_ReviveSchema = message<T.Call_Revive>('mesos.v1.scheduler.Call.Revive', { roles: rep('string') });
/** mesos.v1.scheduler.Call.Kill */
export const Call_KillSchema = message<T.Call_Kill>('mesos.v1.scheduler.Call.Kill', {
  task_id: req(() => TaskIDSchema),
  agent_id: opt(() => AgentIDSchema),
  kill_policy: opt(() => KillPolicySchema),
});
/** mesos.v1.scheduler.Call.Shutdown */
export const Call_ShutdownSchema = message<T.Call_Shutdown>('mesos.v1.scheduler.Call.Shutdown', {
  executor_id: req(() => ExecutorIDSchema),
  agent_id: req(() => AgentIDSchema),
});
/** mesos.v1.scheduler.Call.Acknowledge */
export const Call_AcknowledgeSchema = message<T.Call_Acknowledge>('mesos.v1.scheduler.Call.Acknowledge', {
  agent_id: req(() => AgentIDSchema),
  task_id: req(() => TaskIDSchema),
  uuid: req('bytes'),
});
/** mesos.v1.scheduler.Call.AcknowledgeOperationStatus */
export const Call_AcknowledgeOperationStatusSchema = message<T.Call_AcknowledgeOperationStatus>(
  'mesos.v1.scheduler.Call.AcknowledgeOperationStatus',
  {
    agent_id: opt(() => AgentIDSchema),
    resource_provider_id: opt(() => ResourceProviderIDSchema),
    uuid: req('bytes'),
    operation_id: req(() => OperationIDSchema),
  },
);
/** mesos.v1.scheduler.Call.Reconcile.Task */
export const Call_Reconcile_TaskSchema = message<T.Call_Reconcile_Task>('mesos.v1.scheduler.Call.Reconcile.Task', {
  task_id: req(() => TaskIDSchema),
  agent_id: opt(() => AgentIDSchema),
});
/** mesos.v1.scheduler.Call.Reconcile */
export const Call_ReconcileSchema = message<T.Call_Reconcile>('mesos.v1.scheduler.Call.Reconcile', {
  tasks: rep(() => Call_Reconcile_TaskSchema),
});
/** mesos.v1.scheduler.Call.ReconcileOperations.Operation */
export const Call_ReconcileOperations_OperationSchema = message<T.Call_ReconcileOperations_Operation>(
  'mesos.v1.scheduler.Call.ReconcileOperations.Operation',
  {
    operation_id: req(() => OperationIDSchema),
    agent_id: opt(() => AgentIDSchema),
    resource_provider_id: opt(() => ResourceProviderIDSchema),
  },
);
/** mesos.v1.scheduler.Call.ReconcileOperations */
export const Call_ReconcileOperationsSchema = message<T.Call_ReconcileOperations>('mesos.v1.scheduler.Call.ReconcileOperations', {
  operations: rep(() => Call_ReconcileOperations_OperationSchema),
});
/** mesos.v1.scheduler.Call.Message */
export const Call_MessageSchema = message<T.Call_Message>('mesos.v1.scheduler.Call.Message', {
  agent_id: req(() => AgentIDSchema),
  executor_id: req(() => ExecutorIDSchema),
  data: req('bytes'),
});
/** mesos.v1.scheduler.Call.Request */
export const Call_RequestSchema = message<T.Call_Request>('mesos.v1.scheduler.Call.Request', { requests: rep(() => RequestSchema) });
/** mesos.v1.scheduler.Call.Suppress */
export const Call_SuppressSchema = message<T.Call_Suppress>('mesos.v1.scheduler.Call.Suppress', { roles: rep('string') });
/** mesos.v1.scheduler.Call.UpdateFramework */
export const Call_UpdateFrameworkSchema = message<T.Call_UpdateFramework>('mesos.v1.scheduler.Call.UpdateFramework', {
  framework_info: req(() => FrameworkInfoSchema),
  suppressed_roles: rep('string'),
  offer_constraints: opt(() => OfferConstraintsSchema),
});
/** mesos.v1.scheduler.Call */
export const CallSchema = message<T.Call>('mesos.v1.scheduler.Call', {
  framework_id: opt(() => FrameworkIDSchema),
  type: opt(Call_TypeSchema),
  subscribe: opt(() => Call_SubscribeSchema),
  accept: opt(() => Call_AcceptSchema),
  decline: opt(() => Call_DeclineSchema),
  accept_inverse_offers: opt(() => Call_AcceptInverseOffersSchema),
  decline_inverse_offers: opt(() => Call_DeclineInverseOffersSchema),
  revive: opt(() => Call_ReviveSchema),
  kill: opt(() => Call_KillSchema),
  shutdown: opt(() => Call_ShutdownSchema),
  acknowledge: opt(() => Call_AcknowledgeSchema),
  acknowledge_operation_status: opt(() => Call_AcknowledgeOperationStatusSchema),
  reconcile: opt(() => Call_ReconcileSchema),
  reconcile_operations: opt(() => Call_ReconcileOperationsSchema),
  message: opt(() => Call_MessageSchema),
  request: opt(() => Call_RequestSchema),
  suppress: opt(() => Call_SuppressSchema),
  update_framework: opt(() => Call_UpdateFrameworkSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.scheduler: Event and Response

/** mesos.v1.scheduler.Event.Subscribed */
export const Event_SubscribedSchema = message<T.Event_Subscribed>('mesos.v1.scheduler.Event.Subscribed', {
  framework_id: req(() => FrameworkIDSchema),
  heartbeat_interval_seconds: opt('double'),
  master_info: opt(() => MasterInfoSchema),
});
/** mesos.v1.scheduler.Event.Offers */
export const Event_OffersSchema = message<T.Event_Offers>('mesos.v1.scheduler.Event.Offers', { offers: rep(() => OfferSchema) });
/** mesos.v1.scheduler.Event.InverseOffers */
export const Event_InverseOffersSchema = message<T.Event_InverseOffers>('mesos.v1.scheduler.Event.InverseOffers', {
  inverse_offers: rep(() => InverseOfferSchema),
});
/** mesos.v1.scheduler.Event.Rescind */
export const Event_RescindSchema = message<T.Event_Rescind>('mesos.v1.scheduler.Event.Rescind', { offer_id: req(() => OfferIDSchema) });
/** mesos.v1.scheduler.Event.RescindInverseOffer */
export const Event_RescindInverseOfferSchema = message<T.Event_RescindInverseOffer>('mesos.v1.scheduler.Event.RescindInverseOffer', {
  inverse_offer_id: req(() => OfferIDSchema),
});
/** mesos.v1.scheduler.Event.Update */
export const Event_UpdateSchema = message<T.Event_Update>('mesos.v1.scheduler.Event.Update', { status: req(() => TaskStatusSchema) });
/** mesos.v1.scheduler.Event.UpdateOperationStatus */
export const Event_UpdateOperationStatusSchema = message<T.Event_UpdateOperationStatus>(
  'mesos.v1.scheduler.Event.UpdateOperationStatus',
  { status: req(() => OperationStatusSchema) },
);
/** mesos.v1.scheduler.Event.Message */
export const Event_MessageSchema = message<T.Event_Message>('mesos.v1.scheduler.Event.Message', {
  agent_id: req(() => AgentIDSchema),
  executor_id: req(() => ExecutorIDSchema),
  data: req('bytes'),
});
/** mesos.v1.scheduler.Event.Failure */
export const Event_FailureSchema = message<T.Event_Failure>('mesos.v1.scheduler.Event.Failure', {
  agent_id: opt(() => AgentIDSchema),
  executor_id: opt(() => ExecutorIDSchema),
  status: opt('int32'),
});
/** mesos.v1.scheduler.Event.Error */
export const Event_ErrorSchema = message<T.Event_Error>('mesos.v1.scheduler.Event.Error', { message: req('string') });
/** mesos.v1.scheduler.Event */
export const EventSchema = message<T.Event>('mesos.v1.scheduler.Event', {
  type: opt(Event_TypeSchema),
  subscribed: opt(() => Event_SubscribedSchema),
  offers: opt(() => Event_OffersSchema),
  inverse_offers: opt(() => Event_InverseOffersSchema),
  rescind: opt(() => Event_RescindSchema),
  rescind_inverse_offer: opt(() => Event_RescindInverseOfferSchema),
  update: opt(() => Event_UpdateSchema),
  update_operation_status: opt(() => Event_UpdateOperationStatusSchema),
  message: opt(() => Event_MessageSchema),
  failure: opt(() => Event_FailureSchema),
  error: opt(() => Event_ErrorSchema),
});
/** mesos.v1.scheduler.Response.ReconcileOperations */
export const Response_ReconcileOperationsSchema = message<T.Response_ReconcileOperations>(
  'mesos.v1.scheduler.Response.ReconcileOperations',
  { operation_statuses: rep(() => OperationStatusSchema) },
);
/** mesos.v1.scheduler.Response */
export const ResponseSchema = message<T.Response>('mesos.v1.scheduler.Response', {
  type: opt(Response_TypeSchema),
  reconcile_operations: opt(() => Response_ReconcileOperationsSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Call

/** mesos.v1.master.Call.GetMetrics */
export const MasterCall_GetMetricsSchema = message<T.MasterCall_GetMetrics>('mesos.v1.master.Call.GetMetrics', {
  timeout: opt(() => DurationInfoSchema),
});
/** mesos.v1.master.Call.SetLoggingLevel */
export const MasterCall_SetLoggingLevelSchema = message<T.MasterCall_SetLoggingLevel>('mesos.v1.master.Call.SetLoggingLevel', {
  level: req('uint32'),
  duration: req(() => DurationInfoSchema),
});
/** mesos.v1.master.Call.ListFiles */
export const MasterCall_ListFilesSchema = message<T.MasterCall_ListFiles>('mesos.v1.master.Call.ListFiles', { path: req('string') });
/** mesos.v1.master.Call.ReadFile */
export const MasterCall_ReadFileSchema = message<T.MasterCall_ReadFile>('mesos.v1.master.Call.ReadFile', {
  path: req('string'),
  offset: req('uint64n'),
  length: opt('uint64n'),
});
/** mesos.v1.master.Call.UpdateWeights */
export const MasterCall_UpdateWeightsSchema = message<T.MasterCall_UpdateWeights>('mesos.v1.master.Call.UpdateWeights', {
  weight_infos: rep(() => WeightInfoSchema),
});
/** mesos.v1.master.Call.ReserveResources */
export const MasterCall_ReserveResourcesSchema = message<T.MasterCall_ReserveResources>('mesos.v1.master.Call.ReserveResources', {
  agent_id: req(() => AgentIDSchema),
  source: rep(() => ResourceSchema),
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.master.Call.UnreserveResources */
export const MasterCall_UnreserveResourcesSchema = message<T.MasterCall_UnreserveResources>('mesos.v1.master.Call.UnreserveResources', {
  agent_id: req(() => AgentIDSchema),
  resources: rep(() => ResourceSchema),
});
/** mesos.v1.master.Call.CreateVolumes */
export const MasterCall_CreateVolumesSchema = message<T.MasterCall_CreateVolumes>('mesos.v1.master.Call.CreateVolumes', {
  agent_id: req(() => AgentIDSchema),
  volumes: rep(() => ResourceSchema),
});
/** mesos.v1.master.Call.DestroyVolumes */
export const MasterCall_DestroyVolumesSchema = message<T.MasterCall_DestroyVolumes>('mesos.v1.master.Call.DestroyVolumes', {
  agent_id: req(() => AgentIDSchema),
  volumes: rep(() => ResourceSchema),
});
/** mesos.v1.master.Call.GrowVolume */
export const MasterCall_GrowVolumeSchema = message<T.MasterCall_GrowVolume>('mesos.v1.master.Call.GrowVolume', {
  agent_id: opt(() => AgentIDSchema),
  volume: req(() => ResourceSchema),
  addition: req(() => ResourceSchema),
});
/** mesos.v1.master.Call.ShrinkVolume */
export const MasterCall_ShrinkVolumeSchema = message<T.MasterCall_ShrinkVolume>('mesos.v1.master.Call.ShrinkVolume', {
  agent_id: opt(() => AgentIDSchema),
  volume: req(() => ResourceSchema),
  subtract: req(() => Value_ScalarSchema),
});
/** mesos.v1.master.Call.UpdateMaintenanceSchedule */
export const MasterCall_UpdateMaintenanceScheduleSchema = message<T.MasterCall_UpdateMaintenanceSchedule>(
  'mesos.v1.master.Call.UpdateMaintenanceSchedule',
  { schedule: req(() => MaintenanceScheduleSchema) },
);
/** mesos.v1.master.Call.StartMaintenance */
export const MasterCall_StartMaintenanceSchema = message<T.MasterCall_StartMaintenance>('mesos.v1.master.Call.StartMaintenance', {
  machines: rep(() => MachineIDSchema),
});
/** mesos.v1.master.Call.StopMaintenance */
export const MasterCall_StopMaintenanceSchema = message<T.MasterCall_StopMaintenance>('mesos.v1.master.Call.StopMaintenance', {
  machines: rep(() => MachineIDSchema),
});
/** mesos.v1.master.Call.DrainAgent */
export const MasterCall_DrainAgentSchema = message<T.MasterCall_DrainAgent>('mesos.v1.master.Call.DrainAgent', {
  agent_id: req(() => AgentIDSchema),
  max_grace_period: opt(() => ProtobufDurationSchema),
  mark_gone: opt('bool', { default: false }),
});
/** mesos.v1.master.Call.DeactivateAgent */
export const MasterCall_DeactivateAgentSchema = message<T.MasterCall_DeactivateAgent>('mesos.v1.master.Call.DeactivateAgent', {
  agent_id: req(() => AgentIDSchema),
});
/** mesos.v1.master.Call.ReactivateAgent */
export const MasterCall_ReactivateAgentSchema = message<T.MasterCall_ReactivateAgent>('mesos.v1.master.Call.ReactivateAgent', {
  agent_id: req(() => AgentIDSchema),
});
/** mesos.v1.master.Call.UpdateQuota */
export const MasterCall_UpdateQuotaSchema = message<T.MasterCall_UpdateQuota>('mesos.v1.master.Call.UpdateQuota', {
  force: opt('bool'),
  quota_configs: rep(() => QuotaConfigSchema),
});
/** mesos.v1.master.Call.SetQuota */
export const MasterCall_SetQuotaSchema = message<T.MasterCall_SetQuota>('mesos.v1.master.Call.SetQuota', {
  quota_request: req(() => QuotaRequestSchema),
});
/** mesos.v1.master.Call.RemoveQuota */
export const MasterCall_RemoveQuotaSchema = message<T.MasterCall_RemoveQuota>('mesos.v1.master.Call.RemoveQuota', { role: req('string') });
/** mesos.v1.master.Call.Teardown */
export const MasterCall_TeardownSchema = message<T.MasterCall_Teardown>('mesos.v1.master.Call.Teardown', {
  framework_id: req(() => FrameworkIDSchema),
});
/** mesos.v1.master.Call.MarkAgentGone */
export const MasterCall_MarkAgentGoneSchema = message<T.MasterCall_MarkAgentGone>('mesos.v1.master.Call.MarkAgentGone', {
  agent_id: req(() => AgentIDSchema),
});
/** mesos.v1.master.Call */
export const MasterCallSchema = message<T.MasterCall>('mesos.v1.master.Call', {
  type: opt(MasterCall_TypeSchema),
  get_metrics: opt(() => MasterCall_GetMetricsSchema),
  set_logging_level: opt(() => MasterCall_SetLoggingLevelSchema),
  list_files: opt(() => MasterCall_ListFilesSchema),
  read_file: opt(() => MasterCall_ReadFileSchema),
  update_weights: opt(() => MasterCall_UpdateWeightsSchema),
  reserve_resources: opt(() => MasterCall_ReserveResourcesSchema),
  unreserve_resources: opt(() => MasterCall_UnreserveResourcesSchema),
  create_volumes: opt(() => MasterCall_CreateVolumesSchema),
  destroy_volumes: opt(() => MasterCall_DestroyVolumesSchema),
  grow_volume: opt(() => MasterCall_GrowVolumeSchema),
  shrink_volume: opt(() => MasterCall_ShrinkVolumeSchema),
  update_maintenance_schedule: opt(() => MasterCall_UpdateMaintenanceScheduleSchema),
  start_maintenance: opt(() => MasterCall_StartMaintenanceSchema),
  stop_maintenance: opt(() => MasterCall_StopMaintenanceSchema),
  drain_agent: opt(() => MasterCall_DrainAgentSchema),
  deactivate_agent: opt(() => MasterCall_DeactivateAgentSchema),
  reactivate_agent: opt(() => MasterCall_ReactivateAgentSchema),
  update_quota: opt(() => MasterCall_UpdateQuotaSchema),
  set_quota: opt(() => MasterCall_SetQuotaSchema),
  remove_quota: opt(() => MasterCall_RemoveQuotaSchema),
  teardown: opt(() => MasterCall_TeardownSchema),
  mark_agent_gone: opt(() => MasterCall_MarkAgentGoneSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Response

/** mesos.v1.master.Response.GetHealth */
export const MasterResponse_GetHealthSchema = message<T.MasterResponse_GetHealth>('mesos.v1.master.Response.GetHealth', {
  healthy: req('bool'),
});
/** mesos.v1.master.Response.GetFlags */
export const MasterResponse_GetFlagsSchema = message<T.MasterResponse_GetFlags>('mesos.v1.master.Response.GetFlags', {
  flags: rep(() => FlagSchema),
});
/** mesos.v1.master.Response.GetVersion */
export const MasterResponse_GetVersionSchema = message<T.MasterResponse_GetVersion>('mesos.v1.master.Response.GetVersion', {
  version_info: req(() => VersionInfoSchema),
});
/** mesos.v1.master.Response.GetMetrics */
export const MasterResponse_GetMetricsSchema = message<T.MasterResponse_GetMetrics>('mesos.v1.master.Response.GetMetrics', {
  metrics: rep(() => MetricSchema),
});
/** mesos.v1.master.Response.GetLoggingLevel */
export const MasterResponse_GetLoggingLevelSchema = message<T.MasterResponse_GetLoggingLevel>('mesos.v1.master.Response.GetLoggingLevel', {
  level: req('uint32'),
});
/** mesos.v1.master.Response.ListFiles */
export const MasterResponse_ListFilesSchema = message<T.MasterResponse_ListFiles>('mesos.v1.master.Response.ListFiles', {
  file_infos: rep(() => FileInfoSchema),
});
/** mesos.v1.master.Response.ReadFile */
export const MasterResponse_ReadFileSchema = message<T.MasterResponse_ReadFile>('mesos.v1.master.Response.ReadFile', {
  size: req('uint64n'),
  data: req('bytes'),
});
/** mesos.v1.master.Response.GetAgents.Agent.ResourceProvider */
export const MasterResponse_GetAgents_Agent_ResourceProviderSchema = message<T.MasterResponse_GetAgents_Agent_ResourceProvider>(
  'mesos.v1.master.Response.GetAgents.Agent.ResourceProvider',
  { resource_provider_info: req(() => ResourceProviderInfoSchema), total_resources: rep(() => ResourceSchema) },
);
/** mesos.v1.master.Response.GetAgents.Agent */
export const MasterResponse_GetAgents_AgentSchema = message<T.MasterResponse_GetAgents_Agent>('mesos.v1.master.Response.GetAgents.Agent', {
  agent_info: req(() => AgentInfoSchema),
  active: req('bool'),
  deactivated: opt('bool'),
  version: req('string'),
  pid: opt('string'),
  registered_time: opt(() => TimeInfoSchema),
  reregistered_time: opt(() => TimeInfoSchema),
  total_resources: rep(() => ResourceSchema),
  allocated_resources: rep(() => ResourceSchema),
  offered_resources: rep(() => ResourceSchema),
  capabilities: rep(() => AgentInfo_CapabilitySchema),
  resource_providers: rep(() => MasterResponse_GetAgents_Agent_ResourceProviderSchema),
  drain_info: opt(() => DrainInfoSchema),
  estimated_drain_start_time: opt(() => TimeInfoSchema),
});
/** mesos.v1.master.Response.GetAgents */
export const MasterResponse_GetAgentsSchema = message<T.MasterResponse_GetAgents>('mesos.v1.master.Response.GetAgents', {
  agents: rep(() => MasterResponse_GetAgents_AgentSchema),
  recovered_agents: rep(() => AgentInfoSchema),
});
/** mesos.v1.master.Response.GetFrameworks.Framework */
export const MasterResponse_GetFrameworks_FrameworkSchema = message<T.MasterResponse_GetFrameworks_Framework>(
  'mesos.v1.master.Response.GetFrameworks.Framework',
  {
    framework_info: req(() => FrameworkInfoSchema),
    active: req('bool'),
    connected: req('bool'),
    recovered: req('bool'),
    registered_time: opt(() => TimeInfoSchema),
    reregistered_time: opt(() => TimeInfoSchema),
    unregistered_time: opt(() => TimeInfoSchema),
    offers: rep(() => OfferSchema),
    inverse_offers: rep(() => InverseOfferSchema),
    allocated_resources: rep(() => ResourceSchema),
    offered_resources: rep(() => ResourceSchema),
    offer_constraints: opt(() => OfferConstraintsSchema),
  },
);
/** mesos.v1.master.Response.GetFrameworks */
export const MasterResponse_GetFrameworksSchema = message<T.MasterResponse_GetFrameworks>('mesos.v1.master.Response.GetFrameworks', {
  frameworks: rep(() => MasterResponse_GetFrameworks_FrameworkSchema),
  completed_frameworks: rep(() => MasterResponse_GetFrameworks_FrameworkSchema),
  recovered_frameworks: rep(() => FrameworkInfoSchema, { deprecated: true }),
});
/** mesos.v1.master.Response.GetExecutors.Executor */
export const MasterResponse_GetExecutors_ExecutorSchema = message<T.MasterResponse_GetExecutors_Executor>(
  'mesos.v1.master.Response.GetExecutors.Executor',
  { executor_info: req(() => ExecutorInfoSchema), agent_id: req(() => AgentIDSchema) },
);
/** mesos.v1.master.Response.GetExecutors */
export const MasterResponse_GetExecutorsSchema = message<T.MasterResponse_GetExecutors>('mesos.v1.master.Response.GetExecutors', {
  executors: rep(() => MasterResponse_GetExecutors_ExecutorSchema),
  orphan_executors: rep(() => MasterResponse_GetExecutors_ExecutorSchema, { deprecated: true }),
});
/** mesos.v1.master.Response.GetOperations */
export const MasterResponse_GetOperationsSchema = message<T.MasterResponse_GetOperations>('mesos.v1.master.Response.GetOperations', {
  operations: rep(() => OperationSchema),
});
/** mesos.v1.master.Response.GetTasks */
export const MasterResponse_GetTasksSchema = message<T.MasterResponse_GetTasks>('mesos.v1.master.Response.GetTasks', {
  pending_tasks: rep(() => TaskSchema),
  tasks: rep(() => TaskSchema),
  unreachable_tasks: rep(() => TaskSchema),
  completed_tasks: rep(() => TaskSchema),
  orphan_tasks: rep(() => TaskSchema, { deprecated: true }),
});
/** mesos.v1.master.Response.GetRoles */
export const MasterResponse_GetRolesSchema = message<T.MasterResponse_GetRoles>('mesos.v1.master.Response.GetRoles', {
  roles: rep(() => RoleSchema),
});
/** mesos.v1.master.Response.GetWeights */
export const MasterResponse_GetWeightsSchema = message<T.MasterResponse_GetWeights>('mesos.v1.master.Response.GetWeights', {
  weight_infos: rep(() => WeightInfoSchema),
});
/** mesos.v1.master.Response.GetMaster */
export const MasterResponse_GetMasterSchema = message<T.MasterResponse_GetMaster>('mesos.v1.master.Response.GetMaster', {
  master_info: opt(() => MasterInfoSchema),
  start_time: opt('double'),
  elected_time: opt('double'),
});
/** mesos.v1.master.Response.GetMaintenanceStatus */
export const MasterResponse_GetMaintenanceStatusSchema = message<T.MasterResponse_GetMaintenanceStatus>(
  'mesos.v1.master.Response.GetMaintenanceStatus',
  { status: req(() => MaintenanceClusterStatusSchema) },
);
/** mesos.v1.master.Response.GetMaintenanceSchedule */
export const MasterResponse_GetMaintenanceScheduleSchema = message<T.MasterResponse_GetMaintenanceSchedule>(
  'mesos.v1.master.Response.GetMaintenanceSchedule',
  { schedule: req(() => MaintenanceScheduleSchema) },
);
/** mesos.v1.master.Response.GetQuota */
export const MasterResponse_GetQuotaSchema = message<T.MasterResponse_GetQuota>('mesos.v1.master.Response.GetQuota', {
  status: req(() => QuotaStatusSchema),
});
/** mesos.v1.master.Response.GetState */
export const MasterResponse_GetStateSchema = message<T.MasterResponse_GetState>('mesos.v1.master.Response.GetState', {
  get_tasks: opt(() => MasterResponse_GetTasksSchema),
  get_executors: opt(() => MasterResponse_GetExecutorsSchema),
  get_frameworks: opt(() => MasterResponse_GetFrameworksSchema),
  get_agents: opt(() => MasterResponse_GetAgentsSchema),
});
/** mesos.v1.master.Response */
export const MasterResponseSchema = message<T.MasterResponse>('mesos.v1.master.Response', {
  type: opt(MasterResponse_TypeSchema),
  get_health: opt(() => MasterResponse_GetHealthSchema),
  get_flags: opt(() => MasterResponse_GetFlagsSchema),
  get_version: opt(() => MasterResponse_GetVersionSchema),
  get_metrics: opt(() => MasterResponse_GetMetricsSchema),
  get_logging_level: opt(() => MasterResponse_GetLoggingLevelSchema),
  list_files: opt(() => MasterResponse_ListFilesSchema),
  read_file: opt(() => MasterResponse_ReadFileSchema),
  get_state: opt(() => MasterResponse_GetStateSchema),
  get_agents: opt(() => MasterResponse_GetAgentsSchema),
  get_frameworks: opt(() => MasterResponse_GetFrameworksSchema),
  get_executors: opt(() => MasterResponse_GetExecutorsSchema),
  get_operations: opt(() => MasterResponse_GetOperationsSchema),
  get_tasks: opt(() => MasterResponse_GetTasksSchema),
  get_roles: opt(() => MasterResponse_GetRolesSchema),
  get_weights: opt(() => MasterResponse_GetWeightsSchema),
  get_master: opt(() => MasterResponse_GetMasterSchema),
  get_maintenance_status: opt(() => MasterResponse_GetMaintenanceStatusSchema),
  get_maintenance_schedule: opt(() => MasterResponse_GetMaintenanceScheduleSchema),
  get_quota: opt(() => MasterResponse_GetQuotaSchema),
});

// ---------------------------------------------------------------------------------------------
// mesos.v1.master: Event

/** mesos.v1.master.Event.Subscribed */
export const MasterEvent_SubscribedSchema = message<T.MasterEvent_Subscribed>('mesos.v1.master.Event.Subscribed', {
  get_state: opt(() => MasterResponse_GetStateSchema),
  heartbeat_interval_seconds: opt('double'),
});
/** mesos.v1.master.Event.TaskAdded */
export const MasterEvent_TaskAddedSchema = message<T.MasterEvent_TaskAdded>('mesos.v1.master.Event.TaskAdded', {
  task: req(() => TaskSchema),
});
/** mesos.v1.master.Event.TaskUpdated */
export const MasterEvent_TaskUpdatedSchema = message<T.MasterEvent_TaskUpdated>('mesos.v1.master.Event.TaskUpdated', {
  framework_id: req(() => FrameworkIDSchema),
  status: req(() => TaskStatusSchema),
  state: req(TaskStateSchema),
});
/** mesos.v1.master.Event.FrameworkAdded */
export const MasterEvent_FrameworkAddedSchema = message<T.MasterEvent_FrameworkAdded>('mesos.v1.master.Event.FrameworkAdded', {
  framework: req(() => MasterResponse_GetFrameworks_FrameworkSchema),
});
/** mesos.v1.master.Event.FrameworkUpdated */
export const MasterEvent_FrameworkUpdatedSchema = message<T.MasterEvent_FrameworkUpdated>('mesos.v1.master.Event.FrameworkUpdated', {
  framework: req(() => MasterResponse_GetFrameworks_FrameworkSchema),
});
/** mesos.v1.master.Event.FrameworkRemoved */
export const MasterEvent_FrameworkRemovedSchema = message<T.MasterEvent_FrameworkRemoved>('mesos.v1.master.Event.FrameworkRemoved', {
  framework_info: req(() => FrameworkInfoSchema),
});
/** mesos.v1.master.Event.AgentAdded */
export const MasterEvent_AgentAddedSchema = message<T.MasterEvent_AgentAdded>('mesos.v1.master.Event.AgentAdded', {
  agent: req(() => MasterResponse_GetAgents_AgentSchema),
});
/** mesos.v1.master.Event.AgentRemoved */
export const MasterEvent_AgentRemovedSchema = message<T.MasterEvent_AgentRemoved>('mesos.v1.master.Event.AgentRemoved', {
  agent_id: req(() => AgentIDSchema),
});
/** mesos.v1.master.Event */
export const MasterEventSchema = message<T.MasterEvent>('mesos.v1.master.Event', {
  type: opt(MasterEvent_TypeSchema),
  subscribed: opt(() => MasterEvent_SubscribedSchema),
  task_added: opt(() => MasterEvent_TaskAddedSchema),
  task_updated: opt(() => MasterEvent_TaskUpdatedSchema),
  agent_added: opt(() => MasterEvent_AgentAddedSchema),
  agent_removed: opt(() => MasterEvent_AgentRemovedSchema),
  framework_added: opt(() => MasterEvent_FrameworkAddedSchema),
  framework_updated: opt(() => MasterEvent_FrameworkUpdatedSchema),
  framework_removed: opt(() => MasterEvent_FrameworkRemovedSchema),
});
