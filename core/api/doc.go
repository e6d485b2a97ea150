// Package api holds what every simulated service shares: the operation
// table entry ([Op]), the environment a call runs in ([Env]), the
// principal making it, the actions it must be authorised for, AWS-shaped
// errors ([Error]) and the strict decoding of the AWS CLI's JSON view of an
// input ([Decode]).
//
// Services (iam, s3, stream, compute) import only this package and sim; the
// cloud package combines them into an account.
package api
