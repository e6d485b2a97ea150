package analytics

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/analytics/sql"
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// The shapes of the v1 API (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_Types.html).
type resourceRole struct {
	ResourceARN string `json:"ResourceARN"`
	RoleARN     string `json:"RoleARN"`
}

type inputSchema struct {
	RecordFormat   recordFormat   `json:"RecordFormat"`
	RecordEncoding *string        `json:"RecordEncoding,omitempty"`
	RecordColumns  []recordColumn `json:"RecordColumns"`
}

type recordFormat struct {
	RecordFormatType  string             `json:"RecordFormatType"`
	MappingParameters *mappingParameters `json:"MappingParameters,omitempty"`
}

type mappingParameters struct {
	JSONMappingParameters *struct {
		RecordRowPath string `json:"RecordRowPath"`
	} `json:"JSONMappingParameters,omitempty"`
	CSVMappingParameters *struct {
		RecordRowDelimiter    string `json:"RecordRowDelimiter"`
		RecordColumnDelimiter string `json:"RecordColumnDelimiter"`
	} `json:"CSVMappingParameters,omitempty"`
}

type recordColumn struct {
	Name    string  `json:"Name"`
	Mapping *string `json:"Mapping,omitempty"`
	SqlType string  `json:"SqlType"`
}

type inputIn struct {
	NamePrefix           string        `json:"NamePrefix"`
	KinesisStreamsInput  *resourceRole `json:"KinesisStreamsInput"`
	KinesisFirehoseInput *resourceRole `json:"KinesisFirehoseInput"`
	InputSchema          *inputSchema  `json:"InputSchema"`
	InputParallelism     *struct {
		Count *int64 `json:"Count"`
	} `json:"InputParallelism"`
}

type destinationSchema struct {
	RecordFormatType string `json:"RecordFormatType"`
}

type outputIn struct {
	Name                  string             `json:"Name"`
	KinesisStreamsOutput  *resourceRole      `json:"KinesisStreamsOutput"`
	KinesisFirehoseOutput *resourceRole      `json:"KinesisFirehoseOutput"`
	DestinationSchema     *destinationSchema `json:"DestinationSchema"`
}

type tag struct {
	Key   string  `json:"Key"`
	Value *string `json:"Value,omitempty"`
}

type createInput struct {
	ApplicationName        string     `json:"ApplicationName" aws:"required"`
	ApplicationDescription *string    `json:"ApplicationDescription"`
	ApplicationCode        *string    `json:"ApplicationCode"`
	Inputs                 []inputIn  `json:"Inputs"`
	Outputs                []outputIn `json:"Outputs"`
	Tags                   []tag      `json:"Tags"`
}

// checkInput checks an Input (Inputs.member.1).
func checkInput(in *inputIn, member string) error {
	if err := checkInStreamName(member+".namePrefix", in.NamePrefix, maxNamePrefix); err != nil {
		return err
	}
	src := in.KinesisStreamsInput
	if in.KinesisFirehoseInput != nil {
		if src != nil {
			return api.Errorf(invalidArg, "Input %s must have exactly one of KinesisStreamsInput and KinesisFirehoseInput.", in.NamePrefix)
		}
		src = in.KinesisFirehoseInput
	}
	if src == nil {
		return api.Errorf(invalidArg, "Input %s must have exactly one of KinesisStreamsInput and KinesisFirehoseInput.", in.NamePrefix)
	}
	if err := checkARN(member+".resourceARN", src.ResourceARN); err != nil {
		return err
	}
	if err := checkARN(member+".roleARN", src.RoleARN); err != nil {
		return err
	}
	if in.InputParallelism != nil && in.InputParallelism.Count != nil {
		c := *in.InputParallelism.Count
		if c < 1 || c > 64 {
			return constraint(strconv.FormatInt(c, 10), member+".inputParallelism.count", "Member must have value between 1 and 64")
		}
		if c != 1 {
			// The playground's own limit: one in-application input
			// stream, SOURCE_SQL_STREAM_001 for the prefix SOURCE_SQL_STREAM.
			return api.Errorf(invalidArg, "The playground runs an input with InputParallelism Count 1 only.")
		}
	}
	if in.InputSchema == nil {
		return api.Errorf(invalidArg, "Missing required parameter in input: %q", "InputSchema")
	}
	return checkSchema(in.InputSchema, member+".inputSchema")
}

// checkSchema checks an InputSchema: its format, and 1 to 1000 columns.
func checkSchema(sc *inputSchema, member string) error {
	switch sc.RecordFormat.RecordFormatType {
	case "JSON", "CSV":
	default:
		return constraint(sc.RecordFormat.RecordFormatType, member+".recordFormat.recordFormatType", "Member must satisfy enum value set: [JSON, CSV]")
	}
	if sc.RecordEncoding != nil && *sc.RecordEncoding != "UTF-8" {
		return constraint(*sc.RecordEncoding, member+".recordEncoding", "Member must satisfy regular expression pattern: UTF-8")
	}
	if len(sc.RecordColumns) < 1 || len(sc.RecordColumns) > maxColumns {
		return constraint(fmt.Sprint(len(sc.RecordColumns)), member+".recordColumns", "Member must have length between 1 and 1000")
	}
	for i, c := range sc.RecordColumns {
		m := fmt.Sprintf("%s.recordColumns.%d.member", member, i+1)
		if err := checkLen(m+".name", c.Name, 1, maxColumnName); err != nil {
			return err
		}
		if err := checkLen(m+".sqlType", c.SqlType, 1, maxColumnName); err != nil {
			return err
		}
		if c.Mapping != nil {
			if err := checkLen(m+".mapping", *c.Mapping, 0, maxColumnName); err != nil {
				return err
			}
		}
	}
	return nil
}

// sqlSchema is the engine's view of an input schema.
func (sc *inputSchema) sqlSchema() sql.Schema {
	out := sql.Schema{Format: sc.RecordFormat.RecordFormatType}
	if mp := sc.RecordFormat.MappingParameters; mp != nil && mp.CSVMappingParameters != nil {
		out.RowDelimiter, out.ColumnDelimiter = mp.CSVMappingParameters.RecordRowDelimiter, mp.CSVMappingParameters.RecordColumnDelimiter
	}
	for _, c := range sc.RecordColumns {
		col := sql.Column{Name: c.Name, SQLType: c.SqlType}
		if c.Mapping != nil {
			col.Mapping = *c.Mapping
		}
		out.Columns = append(out.Columns, col)
	}
	return out
}

// checkOutput checks an Output.
func checkOutput(o *outputIn, member string) error {
	if err := checkInStreamName(member+".name", o.Name, maxOutputName); err != nil {
		return err
	}
	dst := o.KinesisStreamsOutput
	if o.KinesisFirehoseOutput != nil {
		if dst != nil {
			return api.Errorf(invalidArg, "Output %s must have exactly one of KinesisStreamsOutput and KinesisFirehoseOutput.", o.Name)
		}
		dst = o.KinesisFirehoseOutput
	}
	if dst == nil {
		return api.Errorf(invalidArg, "Output %s must have exactly one of KinesisStreamsOutput and KinesisFirehoseOutput.", o.Name)
	}
	if err := checkARN(member+".resourceARN", dst.ResourceARN); err != nil {
		return err
	}
	if err := checkARN(member+".roleARN", dst.RoleARN); err != nil {
		return err
	}
	if o.DestinationSchema == nil {
		return api.Errorf(invalidArg, "Missing required parameter in input: %q", "DestinationSchema")
	}
	switch o.DestinationSchema.RecordFormatType {
	case "JSON", "CSV":
	default:
		return constraint(o.DestinationSchema.RecordFormatType, member+".destinationSchema.recordFormatType", "Member must satisfy enum value set: [JSON, CSV]")
	}
	return nil
}

func checkTags(tags []tag) error {
	if len(tags) > maxTags {
		return api.Errorf("TooManyTagsException", "Application can have at most %d tags.", maxTags)
	}
	for i, t := range tags {
		m := fmt.Sprintf("tags.%d.member", i+1)
		if err := checkLen(m+".key", t.Key, 1, 128); err != nil {
			return err
		}
		if t.Value != nil {
			if err := checkLen(m+".value", *t.Value, 0, 256); err != nil {
				return err
			}
		}
	}
	return nil
}

// compile compiles code against the input's schema; a SQL error is
// CodeValidationException carrying its line and column.
func compile(code string, in *input) (*sql.App, error) {
	sc := sql.Schema{Format: "JSON"}
	name := InputStream
	if in != nil {
		sc, name = in.schema.sqlSchema(), in.namePrefix+"_001"
	}
	eng, err := sql.Compile(code, sc, name)
	if err != nil {
		return nil, api.Errorf(codeValidation, "The application code is invalid: %s", api.Clip(err.Error(), 4*api.MaxQuoted))
	}
	return eng, nil
}

func (s *Service) prepareCreate(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in createInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkAppName("applicationName", in.ApplicationName); err != nil {
		return nil, nil, err
	}
	if in.ApplicationDescription != nil {
		if err := checkLen("applicationDescription", *in.ApplicationDescription, 0, maxDescription); err != nil {
			return nil, nil, err
		}
	}
	code := ""
	if in.ApplicationCode != nil {
		code = *in.ApplicationCode
		if err := checkLen("applicationCode", code, 0, maxCode); err != nil {
			return nil, nil, err
		}
	}
	if len(in.Inputs) > 1 {
		return nil, nil, constraint(fmt.Sprint(len(in.Inputs)), "inputs", "Member must have length less than or equal to 1")
	}
	if len(in.Outputs) > maxOutputs {
		return nil, nil, api.Errorf(limitExceeded, "An application can have at most %d outputs.", maxOutputs)
	}
	for i := range in.Inputs {
		if err := checkInput(&in.Inputs[i], fmt.Sprintf("inputs.%d.member", i+1)); err != nil {
			return nil, nil, err
		}
	}
	for i := range in.Outputs {
		if err := checkOutput(&in.Outputs[i], fmt.Sprintf("outputs.%d.member", i+1)); err != nil {
			return nil, nil, err
		}
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, nil, err
	}
	a := &app{name: in.ApplicationName, arn: s.arn(in.ApplicationName), code: code, status: statusReady, version: 1,
		created: env.Now, updated: env.Now, nextID: 1, stopped: map[string]string{}}
	if in.ApplicationDescription != nil {
		a.description = *in.ApplicationDescription
	}
	actions := []api.Action{{Action: "kinesisanalytics:CreateApplication", Resource: a.arn}}
	for _, i := range in.Inputs {
		src, fh := i.KinesisStreamsInput, false
		if i.KinesisFirehoseInput != nil {
			src, fh = i.KinesisFirehoseInput, true
		}
		a.input = &input{id: a.newID(), namePrefix: i.NamePrefix, firehose: fh, resourceARN: src.ResourceARN, roleARN: src.RoleARN, schema: *i.InputSchema}
		actions = append(actions, api.PassRole(src.RoleARN, Principal))
	}
	for _, o := range in.Outputs {
		out := newOutput(a.newID(), o)
		a.outputs = append(a.outputs, out)
		actions = append(actions, api.PassRole(out.roleARN, Principal))
	}
	if len(in.Tags) > 0 {
		actions = append(actions, api.Action{Action: "kinesisanalytics:TagResource", Resource: a.arn})
		a.tags = map[string]string{}
		for _, t := range in.Tags {
			a.tags[t.Key] = deref(t.Value)
		}
	}
	// The code is checked before anything is made: a SQL error leaves
	// the account as it was.
	eng, err := compile(code, a.input)
	if err != nil {
		return nil, nil, err
	}
	a.setStreams(eng.Streams())
	return actions, func() (any, error) {
		if s.apps[a.name] != nil {
			return nil, api.Errorf(inUseCode, "Application %s already exists.", a.name)
		}
		if len(s.apps) >= maxApps {
			return nil, api.Errorf(limitExceeded, "You have reached the maximum of %d applications in this Region.", maxApps)
		}
		s.apps[a.name] = a
		return map[string]any{"ApplicationSummary": a.summary()}, nil
	}, nil
}

func newOutput(id string, o outputIn) *output {
	dst, fh := o.KinesisStreamsOutput, false
	if o.KinesisFirehoseOutput != nil {
		dst, fh = o.KinesisFirehoseOutput, true
	}
	return &output{id: id, name: o.Name, firehose: fh, resourceARN: dst.ResourceARN, roleARN: dst.RoleARN, format: o.DestinationSchema.RecordFormatType}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// newID is the next input or output id: "1.1", "1.2", ... as AWS numbers
// them.
func (a *app) newID() string {
	id := "1." + strconv.Itoa(a.nextID)
	a.nextID++
	return id
}

type summary struct {
	ApplicationName   string `json:"ApplicationName"`
	ApplicationARN    string `json:"ApplicationARN"`
	ApplicationStatus string `json:"ApplicationStatus"`
}

func (a *app) summary() summary { return summary{a.name, a.arn, a.status} }

// Application statuses (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_ApplicationDetail.html).
const (
	statusReady    = "READY"
	statusStarting = "STARTING"
	statusRunning  = "RUNNING"
	statusStopping = "STOPPING"
)

type nameInput struct {
	ApplicationName string `json:"ApplicationName" aws:"required"`
}

// lookup returns the application named name.
func (s *Service) lookup(name string) (*app, error) {
	a := s.apps[name]
	if a == nil {
		return nil, api.Errorf(notFoundCode, "Application %s doesn't exist.", api.Clip(name, api.MaxQuoted))
	}
	return a, nil
}

// prepareOnApp decodes an ApplicationName input, authorises action on the
// application, and, when the call runs, applies do to it: DescribeApplication
// and StopApplication.
func (s *Service) prepareOnApp(raw []byte, action string, do func(a *app) (any, error)) ([]api.Action, func() (any, error), error) {
	var in nameInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkAppName("applicationName", in.ApplicationName); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: action, Resource: s.arn(in.ApplicationName)}}, func() (any, error) {
		a, err := s.lookup(in.ApplicationName)
		if err != nil {
			return nil, err
		}
		return do(a)
	}, nil
}

func (s *Service) prepareDescribe(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareOnApp(raw, "kinesisanalytics:DescribeApplication", func(a *app) (any, error) {
		return map[string]any{"ApplicationDetail": a.detail()}, nil
	})
}

// detail is the ApplicationDetail of DescribeApplication.
func (a *app) detail() map[string]any {
	ins := []any{}
	if i := a.input; i != nil {
		d := map[string]any{"InputId": i.id, "NamePrefix": i.namePrefix, "InAppStreamNames": []string{i.namePrefix + "_001"},
			"InputSchema": i.schema, "InputParallelism": map[string]int{"Count": 1}}
		src := map[string]string{"ResourceARN": i.resourceARN, "RoleARN": i.roleARN}
		if i.firehose {
			d["KinesisFirehoseInputDescription"] = src
		} else {
			d["KinesisStreamsInputDescription"] = src
		}
		if i.start != "" {
			d["InputStartingPositionConfiguration"] = map[string]string{"InputStartingPosition": i.start}
		}
		ins = append(ins, d)
	}
	outs := []any{}
	for _, o := range a.outputs {
		d := map[string]any{"OutputId": o.id, "Name": o.name, "DestinationSchema": destinationSchema{o.format}}
		dst := map[string]string{"ResourceARN": o.resourceARN, "RoleARN": o.roleARN}
		if o.firehose {
			d["KinesisFirehoseOutputDescription"] = dst
		} else {
			d["KinesisStreamsOutputDescription"] = dst
		}
		outs = append(outs, d)
	}
	d := map[string]any{"ApplicationName": a.name, "ApplicationARN": a.arn, "ApplicationStatus": a.status,
		"CreateTimestamp": a.created.String(), "LastUpdateTimestamp": a.updated.String(), "InputDescriptions": ins,
		"OutputDescriptions": outs, "ReferenceDataSourceDescriptions": []any{}, "CloudWatchLoggingOptionDescriptions": []any{},
		"ApplicationCode": a.code, "ApplicationVersionId": a.version}
	if a.description != "" {
		d["ApplicationDescription"] = a.description
	}
	return d
}

type listInput struct {
	Limit                         *int64  `json:"Limit"`
	ExclusiveStartApplicationName *string `json:"ExclusiveStartApplicationName"`
}

// prepareList is ListApplications: Limit (1 to 50, default 50) summaries
// in name order after ExclusiveStartApplicationName
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_ListApplications.html).
func (s *Service) prepareList(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in listInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	limit := int64(maxListLimit)
	if in.Limit != nil {
		if *in.Limit < 1 || *in.Limit > maxListLimit {
			return nil, nil, constraint(strconv.FormatInt(*in.Limit, 10), "limit", "Member must have value between 1 and 50")
		}
		limit = *in.Limit
	}
	after := ""
	if in.ExclusiveStartApplicationName != nil {
		after = *in.ExclusiveStartApplicationName
		if err := checkAppName("exclusiveStartApplicationName", after); err != nil {
			return nil, nil, err
		}
	}
	return []api.Action{{Action: "kinesisanalytics:ListApplications", Resource: "*"}}, func() (any, error) {
		out := []summary{}
		more := false
		for _, name := range sortedKeys(s.apps) {
			if after != "" && name <= after {
				continue
			}
			if int64(len(out)) == limit {
				more = true
				break
			}
			out = append(out, s.apps[name].summary())
		}
		return map[string]any{"ApplicationSummaries": out, "HasMoreApplications": more}, nil
	}, nil
}

type deleteInput struct {
	ApplicationName string          `json:"ApplicationName" aws:"required"`
	CreateTimestamp json.RawMessage `json:"CreateTimestamp" aws:"required"`
}

// parseTimestamp reads a timestamp member as the CLI sends it: ISO 8601
// text, or seconds since the epoch.
func parseTimestamp(raw json.RawMessage) (sim.Time, bool) {
	var sec float64
	if json.Unmarshal(raw, &sec) == nil {
		return sim.Time(sec * 1000), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return 0, false
	}
	if t, err := sim.ParseTime(s); err == nil {
		return t, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return sim.Time(f * 1000), true
	}
	return 0, false
}

// prepareDelete is DeleteApplication: CreateTimestamp must be the
// application's (to the second), so that a learner deletes the
// application they described
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_DeleteApplication.html).
// A running application is stopped and deleted at once (AWS deletes
// running applications too; that it is gone at once rather than DELETING
// for a while is the playground's own simplification).
func (s *Service) prepareDelete(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in deleteInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkAppName("applicationName", in.ApplicationName); err != nil {
		return nil, nil, err
	}
	ts, ok := parseTimestamp(in.CreateTimestamp)
	if !ok {
		return nil, nil, api.Errorf(invalidArg, "Invalid type for parameter CreateTimestamp, value: %s, valid types: timestamp", api.ClipBytes(in.CreateTimestamp, api.MaxQuoted))
	}
	return []api.Action{{Action: "kinesisanalytics:DeleteApplication", Resource: s.arn(in.ApplicationName)}}, func() (any, error) {
		a, err := s.lookup(in.ApplicationName)
		if err != nil {
			return nil, err
		}
		if ts/1000 != a.created/1000 {
			// The reference names no error for a stale timestamp:
			// InvalidArgumentException is the playground's choice.
			return nil, api.Errorf(invalidArg, "CreateTimestamp %s does not match the application's, %s.", ts.String(), a.created.String())
		}
		a.gen++
		a.run = nil
		delete(s.apps, a.name)
		return struct{}{}, nil
	}, nil
}

type addOutputInput struct {
	ApplicationName             string   `json:"ApplicationName" aws:"required"`
	CurrentApplicationVersionId int64    `json:"CurrentApplicationVersionId" aws:"required"`
	Output                      outputIn `json:"Output" aws:"required"`
}

// prepareAddOutput is AddApplicationOutput: a new destination, the
// version id moving on
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_AddApplicationOutput.html).
func (s *Service) prepareAddOutput(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in addOutputInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkAppName("applicationName", in.ApplicationName); err != nil {
		return nil, nil, err
	}
	if in.CurrentApplicationVersionId < 1 || in.CurrentApplicationVersionId > 999999999 {
		return nil, nil, constraint(strconv.FormatInt(in.CurrentApplicationVersionId, 10), "currentApplicationVersionId", "Member must have value between 1 and 999999999")
	}
	if err := checkOutput(&in.Output, "output"); err != nil {
		return nil, nil, err
	}
	o := in.Output
	dst := o.KinesisStreamsOutput
	if dst == nil {
		dst = o.KinesisFirehoseOutput
	}
	actions := []api.Action{{Action: "kinesisanalytics:AddApplicationOutput", Resource: s.arn(in.ApplicationName)}, api.PassRole(dst.RoleARN, Principal)}
	return actions, func() (any, error) {
		a, err := s.lookup(in.ApplicationName)
		if err != nil {
			return nil, err
		}
		if in.CurrentApplicationVersionId != a.version {
			return nil, api.Errorf(concurrentMod, "Current application version %d does not match the application's version, %d.", in.CurrentApplicationVersionId, a.version)
		}
		if a.status == statusStarting || a.status == statusStopping {
			return nil, api.Errorf(inUseCode, "Application %s is %s; try again when it is READY or RUNNING.", a.name, a.status)
		}
		if len(a.outputs) >= maxOutputs {
			return nil, api.Errorf(limitExceeded, "An application can have at most %d outputs.", maxOutputs)
		}
		a.outputs = append(a.outputs, newOutput(a.newID(), o))
		a.version++
		a.updated = env.Now
		return struct{}{}, nil
	}, nil
}

type tagInput struct {
	ResourceARN string `json:"ResourceARN" aws:"required"`
	Tags        []tag  `json:"Tags" aws:"required"`
}

// appByARN returns the application of arn.
func (s *Service) appByARN(arn string) (*app, error) {
	name, ok := strings.CutPrefix(arn, "arn:aws:kinesisanalytics:"+s.region+":"+s.account+":application/")
	if a := s.apps[name]; ok && a != nil {
		return a, nil
	}
	return nil, api.Errorf(notFoundCode, "Resource %s not found.", api.Clip(arn, 2*api.MaxQuoted))
}

func (s *Service) prepareTag(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in tagInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkARN("resourceARN", in.ResourceARN); err != nil {
		return nil, nil, err
	}
	if len(in.Tags) < 1 {
		return nil, nil, constraint("[]", "tags", "Member must have length greater than or equal to 1")
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "kinesisanalytics:TagResource", Resource: in.ResourceARN}}, func() (any, error) {
		a, err := s.appByARN(in.ResourceARN)
		if err != nil {
			return nil, err
		}
		n := len(a.tags)
		for _, t := range in.Tags {
			if _, ok := a.tags[t.Key]; !ok {
				n++
			}
		}
		if n > maxTags {
			return nil, api.Errorf("TooManyTagsException", "Application can have at most %d tags.", maxTags)
		}
		if a.tags == nil {
			a.tags = map[string]string{}
		}
		for _, t := range in.Tags {
			a.tags[t.Key] = deref(t.Value)
		}
		return struct{}{}, nil
	}, nil
}

type listTagsInput struct {
	ResourceARN string `json:"ResourceARN" aws:"required"`
}

func (s *Service) prepareListTags(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in listTagsInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkARN("resourceARN", in.ResourceARN); err != nil {
		return nil, nil, err
	}
	return []api.Action{{Action: "kinesisanalytics:ListTagsForResource", Resource: in.ResourceARN}}, func() (any, error) {
		a, err := s.appByARN(in.ResourceARN)
		if err != nil {
			return nil, err
		}
		out := []map[string]string{}
		for _, k := range sortedKeys(a.tags) {
			out = append(out, map[string]string{"Key": k, "Value": a.tags[k]})
		}
		return map[string]any{"Tags": out}, nil
	}, nil
}
