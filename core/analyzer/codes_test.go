package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// TestIssueCodes has one row per issue code: a document that has the
// issue, and where the finding points (start-end as line:column:offset,
// line from 1, column and offset from 0, then the JSON path).
func TestIssueCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code, policyType, resourceType, doc, want string
	}{
		{"JSON_SYNTAX_ERROR", IdentityPolicy, "", `{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow" "Action": "*"}]}`, "2:34:60-2:35:61 "},
		{"INVALID_POLICY_ELEMENT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Actions": "x"}]}`, "1:103:103-1:112:112 Statement[0]{Actions}"},
		{"DATA_TYPE_MISMATCH", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": 1, "Action": "s3:GetObject", "Resource": "*"}]}`, "1:51:51-1:52:52 Statement[0].Effect"},
		{"MISSING_STATEMENT", IdentityPolicy, "", `{"Version": "2012-10-17"}`, "1:0:0-1:25:25 "},
		{"MISSING_EFFECT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}`, "1:40:40-1:83:83 Statement[0]"},
		{"INVALID_EFFECT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:51:51-1:59:59 Statement[0].Effect"},
		{"MISSING_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}`, "1:40:40-1:76:76 Statement[0]"},
		{"MISSING_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}`, "1:40:40-1:85:85 Statement[0]"},
		{"MISSING_PRINCIPAL", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`, "1:40:40-1:117:117 Statement[0]"},
		{"UNSUPPORTED_PRINCIPAL", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:73:73-1:76:76 Statement[0].Principal"},
		{"SCP_SYNTAX_ERROR_PRINCIPAL", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:72:72-1:75:75 Statement[0].Principal"},
		{"INVALID_PRINCIPAL_FORMAT", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "bob", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:73:73-1:78:78 Statement[0].Principal"},
		{"INVALID_PRINCIPAL_KEY", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"User": "bob"}, "Action": "s3:GetObject", "Resource": "*"}]}`, "1:74:74-1:80:80 Statement[0].Principal{User}"},
		{"UNSUPPORTED_ELEMENT_COMBINATION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}]}`, "1:98:98-1:112:112 Statement[0].NotAction"},
		{"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", ResourcePolicy, "AWS::IAM::AssumeRolePolicyDocument", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}`, "1:147:147-1:150:150 Statement[0].Resource"},
		{"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", ResourcePolicy, "AWS::IAM::AssumeRolePolicyDocument", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}]}`, "1:75:75-1:98:98 Statement[0].NotPrincipal"},
		{"ALLOW_WITH_NOT_PRINCIPAL", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`, "1:76:76-1:99:99 Statement[0].NotPrincipal"},
		{"INVALID_VERSION", IdentityPolicy, "", `{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:12:12-1:24:24 Version"},
		{"UNIQUE_SIDS_REQUIRED", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}`, "1:124:124-1:127:127 Statement[1].Sid"},
		{"UNSUPPORTED_SID", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Sid": "read-only", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:48:48-1:59:59 Statement[0].Sid"},
		{"INVALID_CONDITION_OPERATOR", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"s3:prefix": "a"}}}]}`, "1:117:117-1:130:130 Statement[0].Condition{StringEqual}"},
		{"NULL_WITH_IF_EXISTS", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}}]}`, "1:117:117-1:131:131 Statement[0].Condition{NullIfExists}"},
		{"INVALID_CONDITION_KEY_FORMAT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"SourceIp": "a"}}}]}`, "1:134:134-1:144:144 Statement[0].Condition.StringEquals{SourceIp}"},
		{"INVALID_ARN_PREFIX", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "photos/*"}]}`, "1:98:98-1:108:108 Statement[0].Resource"},
		{"MISSING_BRACE_IN_VARIABLE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username/*"}]}`, "1:98:98-1:134:134 Statement[0].Resource"},
		{"MISSING_QUOTE_IN_VARIABLE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username, anon}/*"}]}`, "1:98:98-1:141:141 Statement[0].Resource"},
		{"EMPTY_ARRAY_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}`, "1:70:70-1:72:72 Statement[0].Action"},
		{"EMPTY_ARRAY_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}]}`, "1:98:98-1:100:100 Statement[0].Resource"},
		{"EMPTY_ARRAY_PRINCIPAL", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`, "1:81:81-1:83:83 Statement[0].Principal.AWS"},
		{"EMPTY_ARRAY_CONDITION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": []}}}]}`, "1:147:147-1:149:149 Statement[0].Condition.StringEquals.s3:prefix"},
		{"EMPTY_OBJECT_CONDITION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {}}}]}`, "1:133:133-1:135:135 Statement[0].Condition.StringEquals"},
		{"EMPTY_OBJECT_PRINCIPAL", ResourcePolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`, "1:73:73-1:75:75 Statement[0].Principal"},
		{"WILDCARD_IN_SERVICE_NAME", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3*:GetObject", "Resource": "*"}]}`, "1:70:70-1:85:85 Statement[0].Action"},
		{"TYPE_MISMATCH_NUMBER", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}]}`, "1:153:153-1:158:158 Statement[0].Condition.NumericLessThan.s3:max-keys"},
		{"TYPE_MISMATCH_DATE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}}]}`, "1:153:153-1:163:163 Statement[0].Condition.DateLessThan.aws:CurrentTime"},
		{"TYPE_MISMATCH_BOOLEAN", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}]}`, "1:149:149-1:154:154 Statement[0].Condition.Bool.aws:SecureTransport"},
		{"TYPE_MISMATCH_STRING", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"BinaryEquals": {"s3:prefix": "%%%"}}}]}`, "1:147:147-1:152:152 Statement[0].Condition.BinaryEquals.s3:prefix"},
		{"TYPE_MISMATCH_IP_RANGE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}]}`, "1:147:147-1:160:160 Statement[0].Condition.IpAddress.aws:SourceIp"},
		{"MISSING_VERSION", IdentityPolicy, "", `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:0:0-1:1:1 "},
		{"INVALID_SERVICE_IN_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s4:GetObject"], "Resource": "*"}]}`, "1:87:87-1:101:101 Statement[0].Action[1]"},
		{"INVALID_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow",
   "Action": ["s3:GetObject", "s3:GetObjekt"], "Resource": "*"}]}`, "3:30:91-3:44:105 Statement[0].Action[1]"},
		{"REDUNDANT_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}]}`, "1:82:82-1:96:96 Statement[0].Action[1]"},
		{"MISSING_ARN_FIELD", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:photos"}]}`, "1:98:98-1:117:117 Statement[0].Resource"},
		{"INVALID_ARN_SERVICE_CASE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::photos/*"}]}`, "1:98:98-1:121:121 Statement[0].Resource"},
		{"INVALID_ARN_ACCOUNT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::1234:user/bob"}]}`, "1:97:97-1:125:125 Statement[0].Resource"},
		{"INVALID_ARN_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos"}]}`, "1:98:98-1:119:119 Statement[0].Resource"},
		{"ARN_ACCOUNT_NOT_ALLOWED", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::123456789012:photos/*"}]}`, "1:98:98-1:133:133 Statement[0].Resource"},
		{"ARN_REGION_NOT_ALLOWED", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam:us-east-1:123456789012:user/bob"}]}`, "1:97:97-1:142:142 Statement[0].Resource"},
		{"REDUNDANT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::photos/*", "arn:aws:s3:::photos/cat.jpg"]}]}`, "1:124:124-1:153:153 Statement[0].Resource[1]"},
		{"INVALID_GLOBAL_CONDITION_KEY", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIP4": "203.0.113.0/24"}}}]}`, "1:131:131-1:146:146 Statement[0].Condition.IpAddress{aws:SourceIP4}"},
		{"INVALID_SERVICE_CONDITION_KEY", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefixes": "home/*"}}}]}`, "1:133:133-1:146:146 Statement[0].Condition.StringLike{s3:prefixes}"},
		{"INVALID_SERVICE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s4:prefix": "home/*"}}}]}`, "1:133:133-1:144:144 Statement[0].Condition.StringLike{s4:prefix}"},
		{"MISSING_TAG_KEY_IN_CONDITION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestTag": "dev"}}}]}`, "1:136:136-1:152:152 Statement[0].Condition.StringEquals{aws:RequestTag}"},
		{"DUPLICATE_KEYS_WITH_DIFFERENT_CASE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "a/*", "s3:Prefix": "b/*"}}}]}`, "1:153:153-1:164:164 Statement[0].Condition.StringLike{s3:Prefix}"},
		{"MISSING_QUALIFIER", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "team"}}}]}`, "1:136:136-1:149:149 Statement[0].Condition.StringEquals{aws:TagKeys}"},
		{"TYPE_MISMATCH", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:CurrentTime": "2026-01-01"}}}]}`, "1:134:134-1:151:151 Statement[0].Condition.StringEquals{aws:CurrentTime}"},
		{"WILDCARD_WITHOUT_LIKE_OPERATOR", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "home/*"}}}]}`, "1:148:148-1:156:156 Statement[0].Condition.StringEquals.s3:prefix"},
		{"FORALLVALUES_WITH_SINGLE_VALUED_KEY", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:username": "bob"}}}]}`, "1:147:147-1:161:161 Statement[0].Condition.ForAllValues:StringEquals{aws:username}"},
		{"NULL_WITH_QUALIFIER", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*", "Condition": {"ForAnyValue:Null": {"aws:TagKeys": "false"}}}]}`, "1:119:119-1:137:137 Statement[0].Condition{ForAnyValue:Null}"},
		{"PASS_ROLE_WITH_STAR_IN_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}`, "1:98:98-1:101:101 Statement[0].Resource"},
		{"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::123456789012:role/*"}]}`, "1:95:95-1:129:129 Statement[0].Resource"},
		{"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}`, "1:93:93-1:96:96 Statement[0].Resource"},
		{"PASS_ROLE_WITH_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:101:101-1:139:139 Statement[0].NotResource"},
		{"PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:94:94-1:132:132 Statement[0].NotResource"},
		{"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:96:96-1:134:134 Statement[0].NotResource"},
		{"CREATE_SLR_WITH_STAR_IN_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}]}`, "1:113:113-1:116:116 Statement[0].Resource"},
		{"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`, "1:87:87-1:90:90 Statement[0].Resource"},
		{"CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}`, "1:93:93-1:96:96 Statement[0].Resource"},
		{"CREATE_SLR_WITH_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:116:116-1:154:154 Statement[0].NotResource"},
		{"CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:94:94-1:132:132 Statement[0].NotResource"},
		{"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::123456789012:role/admin"}]}`, "1:96:96-1:134:134 Statement[0].NotResource"},
		{"EMPTY_SID_VALUE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, "1:48:48-1:50:50 Statement[0].Sid"},
		{"UNIQUE_SIDS_RECOMMENDED", ResourcePolicy, "AWS::S3::Bucket", `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}`, "1:157:157-1:160:160 Statement[1].Sid"},
		{"SCP_SYNTAX_ERROR_ACTION_WILDCARD", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*Object", "Resource": "*"}]}`, "1:69:69-1:81:81 Statement[0].Action"},
		{"SCP_SYNTAX_ERROR_ALLOW_CONDITION", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}`, "1:108:108-1:149:149 Statement[0].Condition"},
		{"SCP_SYNTAX_ERROR_ALLOW_NOTACTION", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}`, "1:73:73-1:80:80 Statement[0].NotAction"},
		{"SCP_SYNTAX_ERROR_ALLOW_RESOURCE", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}]}`, "1:90:90-1:106:106 Statement[0].Resource"},
		{"SCP_SYNTAX_ERROR_NOTRESOURCE", ServiceControlPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b"}]}`, "1:92:92-1:108:108 Statement[0].NotResource"},
		{"POLICY_SIZE_EXCEEDS_SCP_QUOTA", ServiceControlPolicy, "", bigPolicy(5200), "1:0:0-1:5262:5262 "},
		{"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", IdentityPolicy, "", bigPolicy(6200), "1:0:0-1:6274:6274 "},
		{"POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", ResourcePolicy, RoleTrustPolicy, bigTrust(2100), "1:0:0-1:2241:2241 "},
		{"ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", ResourcePolicy, RoleTrustPolicy, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}`, "1:81:81-1:84:84 Statement[0].Principal.AWS"},
		{"EMPTY_VARIABLE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${}/*"}]}`, "1:114:114-1:117:117 Statement[0].Resource[15:+3]"},
		{"UNSUPPORTED_SPACE_IN_VARIABLE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws: username}/*"}]}`, "1:114:114-1:130:130 Statement[0].Resource[15:+16]"},
		{"VARIABLE_UNSUPPORTED_IN_VERSION", IdentityPolicy, "", `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}`, "1:114:114-1:129:129 Statement[0].Resource[15:+15]"},
		{"PRIVATE_IP_ADDRESS", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}`, "1:147:147-1:159:159 Statement[0].Condition.IpAddress.aws:SourceIp"},
		{"PRIVATE_NOT_IP_ADDRESS", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.168.0.0/24"]}}}]}`, "1:149:149-1:167:167 Statement[0].Condition.NotIpAddress.aws:SourceIp"},
		{"PRIVATE_IP_ADDRESS_SUBSET", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}}]}`, "1:147:147-1:179:179 Statement[0].Condition.IpAddress.aws:SourceIp"},
		{"PRIVATE_NOT_IP_ADDRESS_SUBSET", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}}]}`, "1:149:149-1:181:181 Statement[0].Condition.NotIpAddress.aws:SourceIp"},
		{"IMPROVE_IP_RANGE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}}]}`, "1:147:147-1:163:163 Statement[0].Condition.IpAddress.aws:SourceIp"},
		{"INVALID_VPC_FORMAT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-123"}}}]}`, "1:153:153-1:162:162 Statement[0].Condition.StringNotEquals.aws:SourceVpc"},
		{"INVALID_VPCE_FORMAT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce1a2b3c4d"}}}]}`, "1:154:154-1:168:168 Statement[0].Condition.StringNotEquals.aws:SourceVpce"},
		{"REDUNDANT_CONDITION_VALUE_NUM", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ["10", "20"]}}}]}`, "1:153:153-1:165:165 Statement[0].Condition.NumericLessThan.s3:max-keys"},
		{"INVALID_CONDITION_MULTIPLE_BOOLEAN", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}}]}`, "1:149:149-1:166:166 Statement[0].Condition.Bool.aws:SecureTransport"},
		{"EMPTY_ARRAY_CONDITION_FORALLVALUES", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}}]}`, "1:161:161-1:163:163 Statement[0].Condition.ForAllValues:StringEquals.aws:TagKeys"},
		{"EMPTY_ARRAY_CONDITION_FORANYVALUE", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:TagUser", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}}]}`, "1:160:160-1:162:162 Statement[0].Condition.ForAnyValue:StringEquals.aws:TagKeys"},
		{"EMPTY_ARRAY_CONDITION_IFEXISTS", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEqualsIfExists": {"s3:prefix": []}}}]}`, "1:156:156-1:158:158 Statement[0].Condition.StringEqualsIfExists.s3:prefix"},
		{"DEPRECATED_GLOBAL_CONDITION_KEY", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:ARN": "arn:aws:iam::123456789012:user/*"}}}]}`, "1:129:129-1:138:138 Statement[0].Condition.ArnLike{aws:ARN}"},
		{"REDUNDANT_STATEMENT", IdentityPolicy, "", `{"Version": "2012-10-17", "Statement": [
 {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
 {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}]}`, "3:1:102-3:83:184 Statement[1]"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.code] = true
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			findings := Validate(tt.doc, Options{PolicyType: tt.policyType, ResourceType: tt.resourceType}, fixtureCatalog())
			var codes []string
			for _, f := range findings {
				codes = append(codes, f.IssueCode)
				if f.IssueCode != tt.code {
					continue
				}
				if got := where(f.Locations[0]); got != tt.want {
					t.Errorf("%s at %s, want %s", tt.code, got, tt.want)
				}
				if f.FindingType != IssueCodes()[tt.code] || f.LearnMoreLink == "" || f.FindingDetails == "" {
					t.Errorf("finding %+v", f)
				}
				return
			}
			t.Errorf("no %s finding; got %v", tt.code, codes)
		})
	}
	for code := range IssueCodes() {
		if !seen[code] {
			t.Errorf("issue code %s has no test row", code)
		}
	}
}

func where(l Location) string {
	s := l.Span
	return fmt.Sprintf("%d:%d:%d-%d:%d:%d %s", s.Start.Line, s.Start.Column, s.Start.Offset, s.End.Line, s.End.Column, s.End.Offset, pathString(l.Path))
}

// bigPolicy is an identity policy of about n characters without white
// space.
func bigPolicy(n int) string {
	var stmts []string
	for i := 0; len(strings.Join(stmts, ",")) < n; i++ {
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-%d/*"}`, i, i))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// bigTrust is a role trust policy of about n characters without white
// space.
func bigTrust(n int) string {
	var ids []string
	for i := 0; len(strings.Join(ids, ",")) < n; i++ {
		ids = append(ids, fmt.Sprintf(`"arn:aws:iam::123456789012:user/u%d"`, i))
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[` + strings.Join(ids, ",") + `]},"Action":"sts:AssumeRole"}]}`
}
