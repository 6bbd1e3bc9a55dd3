#!/usr/bin/env python3
"""Checks what the project's tests see on the wire against the OpenAPI export.

Three kinds of JSON are validated with openapi-schema-validator (OpenAPI 3.0 schema semantics):

- every response fixture (intercom-api/tests/fixtures/responses and .../sdk) against the
  response schema of each operation that returns its model (the `200` content of the operation,
  or an alias's `response`), or against the model's component schema when no operation returns
  it on its own (Plan, Avatar: parts of other responses);
- every answer intercom-mock gave while its recording mode was on (`INTERCOM_MOCK_RECORD`,
  files `mock-*.jsonl`): a 2xx status must be one the operation declares, its body must match
  the operation's response schema (an empty body must be declared empty); a 4xx/5xx body must
  match `ErrorList`. The request body of every accepted (2xx) call must match the operation's
  request schema;
- every request body the client's wire tests checked (`INTERCOM_WIRE_RECORD`, files
  `wire-*.jsonl`) against the request schema of the operation at that method and path.

Usage: openapi_conformance.py [--openapi FILE] [--fixtures DIR] [--record DIR]

What intercom-api's decoder takes without failing although the export's type says otherwise
(numbers, booleans or timestamps sent as text, ids sent as numbers, an enum value the export
does not list, an empty body where an `or empty` operation declares its model) is listed as
tolerated, not failed; see `leniency`.

Prints what was checked and every mismatch; exits 1 when there is a mismatch, 2 when the input
is unusable (a fixture without a model, a recording naming an unknown operation).
"""

import argparse
import json
import pathlib
import re
import sys

from jsonschema import validators
from openapi_schema_validator import OAS30Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The model each response fixture is a payload of (the decode tests read them as these types).
FIXTURE_MODELS = {
    "responses/activity_log.json": "ActivityLog",
    "responses/activity_log_list.json": "ActivityLogList",
    "responses/admin.json": "Admin",
    "responses/admin_list.json": "AdminList",
    "responses/app.json": "App",
    "responses/avatar.json": "Avatar",
    "responses/company.json": "Company",
    "responses/company_list.json": "CompanyList",
    "responses/company_scroll.json": "CompanyScroll",
    "responses/conversation.json": "Conversation",
    "responses/conversation_list.json": "ConversationList",
    "responses/conversation_message.json": "ConversationMessage",
    "responses/conversation_part.json": "ConversationPart",
    "responses/count.json": "Count",
    "responses/count_conversation.json": "Count",
    "responses/count_user_segment.json": "Count",
    "responses/customer_list.json": "CustomerList",
    "responses/data_attribute.json": "DataAttribute",
    "responses/data_attribute_list.json": "DataAttributeList",
    "responses/event.json": "Event",
    "responses/event_list.json": "EventList",
    "responses/event_summary.json": "EventSummary",
    "responses/event_summary_list.json": "EventList",
    "responses/lead.json": "Lead",
    "responses/lead_list.json": "LeadList",
    "responses/lead_scroll.json": "LeadScroll",
    "responses/location_data.json": "LocationData",
    "responses/message.json": "Message",
    "responses/message_user.json": "Message",
    "responses/note.json": "Note",
    "responses/note_list.json": "NoteList",
    "responses/object_ref.json": "ObjectRef",
    "responses/object_ref_nobody.json": "ObjectRef",
    "responses/pages.json": "Pages",
    "responses/plan.json": "Plan",
    "responses/segment.json": "Segment",
    "responses/segment_list.json": "SegmentList",
    "responses/social_profile.json": "SocialProfile",
    "responses/tag.json": "Tag",
    "responses/tag_list.json": "TagList",
    "responses/tag_old.json": "Tag",
    "responses/team.json": "Team",
    "responses/team_list.json": "TeamList",
    "responses/user.json": "User",
    "responses/user_list.json": "UserList",
    "responses/user_scroll.json": "UserScroll",
    "responses/visitor.json": "Visitor",
    "sdk/counts_app.json": "AppCounts",
    "sdk/counts_company_segment.json": "CompanyCounts",
    "sdk/counts_company_tag.json": "CompanyCounts",
    "sdk/counts_company_user.json": "CompanyCounts",
    "sdk/counts_conversation.json": "ConversationCounts",
    "sdk/counts_conversation_admin.json": "ConversationCounts",
    "sdk/counts_user_segment.json": "UserCounts",
    "sdk/counts_user_tag.json": "UserCounts",
    "sdk/data_attribute_list_all.json": "DataAttributeList",
    "sdk/job_completed.json": "Job",
    "sdk/job_errors.json": "JobErrorList",
    "sdk/job_errors_empty.json": "JobErrorList",
    "sdk/job_running.json": "Job",
    "sdk/notification_list_error.json": "NotificationList",
    "sdk/notification_list_sent.json": "NotificationList",
    "sdk/permanent_deletion.json": "PermanentDeletion",
    "sdk/subscription.json": "Subscription",
    "sdk/subscription_list.json": "SubscriptionList",
}

# Fixtures that are no API response, so the export does not describe them.
NOT_RESPONSES = {
    "sdk/user_tag.json": "the `user_tag` item of a user.tag.created notification: webhook "
    "items carry times as ISO 8601 text, and the export describes no webhooks",
}

# Fixture directories that hold API responses. `webhooks/` holds notification deliveries, which
# the export does not describe (their items carry times as ISO 8601 text).
FIXTURE_DIRS = ("responses", "sdk")

METHODS = ("get", "put", "post", "delete", "patch")


def _nullable_all_of(validator, all_of, instance, schema):
    """`nullable: true` next to `allOf: [$ref]` admits null, as generators read it."""
    if instance is None and schema.get("nullable") is True:
        return
    yield from OAS30Validator.VALIDATORS["allOf"](validator, all_of, instance, schema)


# OpenAPI 3.0 schema semantics, with `nullable` honoured on the `allOf: [$ref]` the export
# writes for a nullable named type (3.0 has no other place for it).
Validator = validators.extend(OAS30Validator, {"allOf": _nullable_all_of})

INTEGER = re.compile(r"^-?[0-9]+$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


def leniency(error):
    """The kind of mismatch intercom-api's decoder takes without failing, or None.

    A timestamp field (`Timestamp`) and a number field (`Number`) take numeric text and keep
    it; an integer, boolean or string field that gets a value of another JSON type (`"3"`,
    `"true"`, `42`) leaves the field empty and keeps the value in the model's `extra`; an
    unknown enum value decodes to `Unknown(..)`. The export describes the documented type, so
    a strict client generated from it fails on these; they are counted and listed, not failed.
    """
    value, expected = error.instance, error.validator_value
    if error.validator == "type":
        text = isinstance(value, str)
        if expected == "integer" and text and INTEGER.match(value):
            if "Unix seconds" in error.schema.get("description", ""):
                return "a timestamp sent as text (intercom-api's Timestamp takes it)"
            return "an integer sent as text (intercom-api keeps it in `extra`)"
        if expected == "number" and text and NUMBER.match(value):
            return "a number sent as text (intercom-api's Number takes it)"
        if expected == "boolean" and value in ("true", "false"):
            return "a boolean sent as text (intercom-api keeps it in `extra`)"
        if expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return "text sent as a number (intercom-api keeps it in `extra`)"
    if error.validator == "enum" and isinstance(value, str):
        return "a value the enum does not list (intercom-api decodes it to `Unknown`)"
    return None


def classify(errors):
    """(tolerated, failed): tolerated errors as (kind, error), failures as errors.

    An `anyOf` (operations sharing a call) is tolerated when one branch fails only leniently.
    """
    tolerated, failed = [], []
    for error in errors:
        kind = leniency(error)
        if kind is not None:
            tolerated.append((kind, error))
            continue
        if error.validator == "anyOf" and error.context:
            branches = {}
            for sub in error.context:
                branches.setdefault(sub.relative_schema_path[0], []).append(sub)
            lenient = [b for b in branches.values() if all(leniency(e) for e in b)]
            if len(branches) < len(error.validator_value):
                # A branch without errors: the instance matched it (cannot happen for anyOf).
                continue
            if lenient:
                tolerated.extend((leniency(e), e) for e in min(lenient, key=len))
                continue
        failed.append(error)
    return tolerated, failed


def pointer(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


class Export:
    """The export's operations, by operationId (owners and aliases) and by method and path."""

    def __init__(self, doc):
        self.doc = doc
        self.components = doc["components"]
        self.by_id = {}
        self.templates = []  # (method, regex, literal segment count, path)
        for path, item in doc["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"
            literal = sum(1 for s in path.split("/") if s and not s.startswith("{"))
            for method in METHODS:
                op = item.get(method)
                if op is None:
                    continue
                self.templates.append((method, re.compile(pattern), literal, path))
                self.by_id[op["operationId"]] = (path, method, op, None)
                for alias in op.get("x-aliases", []):
                    self.by_id[alias["operationId"]] = (path, method, op, alias)
        self.validators = {}

    def at(self, method, concrete):
        """The Operation Object serving `method concrete`: literal segments win."""
        method = method.lower()
        found = [
            (literal, path)
            for m, regex, literal, path in self.templates
            if m == method and regex.match(concrete)
        ]
        if not found:
            return None
        _, path = max(found)
        return path, self.doc["paths"][path][method]

    def response_schema(self, operation_id):
        """The schema a 200 body of the operation must match."""
        _, _, op, alias = self.by_id[operation_id]
        if alias is not None:
            return alias.get("response")
        content = op["responses"].get("200", {}).get("content")
        return content["application/json"]["schema"] if content else None

    def request_schema(self, operation_id):
        _, _, op, alias = self.by_id[operation_id]
        if alias is not None:
            return alias.get("requestBody")
        return body_schema(op)

    def errors(self, schema, instance, report):
        """Every mismatch of `instance` against `schema`, as `at /pointer: message` lines;
        the runtime's lenient cases go to `report` instead."""
        key = json.dumps(schema, sort_keys=True)
        validator = self.validators.get(key)
        if validator is None:
            validator = Validator({"allOf": [schema], "components": self.components})
            self.validators[key] = validator
        tolerated, failed = classify(validator.iter_errors(instance))
        for kind, error in tolerated:
            report.tolerate(kind, error)
        return [
            f"at {pointer(e)}: {e.message}"
            for e in sorted(failed, key=lambda e: [str(p) for p in e.absolute_path])
        ]


def body_schema(op):
    body = op.get("requestBody")
    return body["content"]["application/json"]["schema"] if body else None


def may_be_empty(op):
    """Whether the operation's model may come as an empty body (`or empty`): the export
    declares a content-less 2xx next to the `200` with content. OpenAPI 3.0 cannot say that
    the `200` itself may be empty; the export's `200` description says so."""
    responses = op["responses"]
    return "content" in responses.get("200", {}) and any(
        code.startswith("2") and "content" not in r for code, r in responses.items()
    )


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def returns_model(schema, model):
    """Whether an operation's response schema is the model or an `anyOf` that has it."""
    if schema is None:
        return False
    return schema == ref(model) or ref(model) in schema.get("anyOf", [])


class Report:
    def __init__(self):
        self.failures = []
        self.counts = {}
        self.tolerated = {}
        self.tolerated_empty = set()

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def fail(self, where, problems):
        self.failures.append((where, problems))

    def tolerate(self, kind, error):
        # Where in the schema, with array indices folded: one line per field.
        where = re.sub(r"/[0-9]+(?=/|$)", "/*", pointer(error))
        self.tolerated.setdefault(kind, {}).setdefault(where, set()).add(repr(error.instance))


def check_fixtures(export, fixtures, report):
    present = sorted(
        str(p.relative_to(fixtures))
        for d in FIXTURE_DIRS
        for p in (fixtures / d).glob("*.json")
    )
    for name, reason in sorted(NOT_RESPONSES.items()):
        print(f"not checked: fixture {name}: {reason}")
    present = [p for p in present if p not in NOT_RESPONSES]
    unmapped = [p for p in present if p not in FIXTURE_MODELS]
    missing = [p for p in FIXTURE_MODELS if p not in present]
    if unmapped or missing:
        for p in unmapped:
            print(f"fixture {p} has no model: add it to FIXTURE_MODELS", file=sys.stderr)
        for p in missing:
            print(f"FIXTURE_MODELS names {p}, which does not exist", file=sys.stderr)
        sys.exit(2)
    for name in present:
        model = FIXTURE_MODELS[name]
        if model not in export.components["schemas"]:
            print(f"fixture {name}: the export has no schema {model}", file=sys.stderr)
            sys.exit(2)
        instance = json.loads((fixtures / name).read_text())
        report.count("fixture files")
        operations = sorted(
            op_id
            for op_id in export.by_id
            if returns_model(export.response_schema(op_id), model)
        )
        targets = [(op_id, export.response_schema(op_id)) for op_id in operations]
        if not targets:
            targets = [(f"components/schemas/{model}", ref(model))]
            report.count("fixtures checked against a component schema only")
        for where, schema in targets:
            report.count("fixture checks (file x operation)")
            problems = export.errors(schema, instance, report)
            if problems:
                report.fail(f"fixture {name} as the response of {where}", problems)


def read_lines(record, prefix):
    for path in sorted(record.glob(f"{prefix}-*.jsonl")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.strip():
                yield f"{path.name}:{number}", json.loads(line)


def check_mock_answers(export, record, report):
    error_list = ref("ErrorList")
    seen = set()
    answered = set()
    for where, entry in read_lines(record, "mock"):
        report.count("mock answers recorded")
        op_id = entry["operation"]
        status = entry["status"]
        response = entry["response"]
        request = entry["request"]
        if op_id is not None and op_id not in export.by_id:
            print(f"{where}: the export has no operation {op_id}", file=sys.stderr)
            sys.exit(2)
        key = json.dumps([op_id, status, response, request if 200 <= status < 300 else None])
        if key in seen:
            continue
        seen.add(key)
        report.count("distinct mock answers checked")
        call = f"{entry['method']} {entry['path']} ({op_id or 'not routed'}) answered {status}"
        if status >= 400:
            report.count("error answers checked against ErrorList")
            if response is not None:
                problems = export.errors(error_list, response, report)
                if problems:
                    report.fail(f"{where}: {call}", problems)
            continue
        if op_id is None:
            report.fail(f"{where}: {call}", ["a success from an operation the mock did not route"])
            continue
        answered.add(op_id)
        _, _, op, _ = export.by_id[op_id]
        declared = op["responses"].get(str(status))
        if declared is None:
            report.fail(f"{where}: {call}", [f"the export declares no {status} response"])
            continue
        schema = export.response_schema(op_id)
        if response is None:
            if "content" in declared and not may_be_empty(op):
                report.fail(f"{where}: {call}", [f"an empty body, but {status} has content"])
            elif "content" in declared:
                report.tolerated_empty.add(f"{op_id}: {status}")
        elif "content" not in declared or schema is None:
            report.fail(f"{where}: {call}", [f"a body, but {status} has none"])
        else:
            report.count("success answers checked against the response schema")
            problems = export.errors(schema, response, report)
            if problems:
                report.fail(f"{where}: {call}", problems)
        if request is not None:
            schema = export.request_schema(op_id)
            if schema is None:
                report.fail(f"{where}: {call}", ["a request body the operation does not take"])
            else:
                report.count("accepted request bodies checked (mock)")
                problems = export.errors(schema, request, report)
                if problems:
                    report.fail(f"{where}: request body of {call}", problems)
    report.counts["operations answered with a success"] = len(answered)
    return answered


def check_wire_bodies(export, record, report):
    seen = set()
    for where, entry in read_lines(record, "wire"):
        report.count("wire test requests recorded")
        request = entry["request"]
        found = export.at(entry["method"], entry["path"])
        call = f"{entry['method']} {entry['path']}"
        if found is None:
            report.fail(f"{where}: {call}", ["no operation of the export has this method and path"])
            continue
        path, op = found
        if request is None:
            continue
        key = json.dumps([path, entry["method"], request])
        if key in seen:
            continue
        seen.add(key)
        schema = body_schema(op)
        if schema is None:
            report.fail(f"{where}: {call}", [f"{op['operationId']} takes no request body"])
            continue
        report.count("distinct wire request bodies checked")
        problems = export.errors(schema, request, report)
        if problems:
            report.fail(f"{where}: request body of {call} ({op['operationId']})", problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--openapi", default=ROOT / "intercom-api/openapi.json", type=pathlib.Path)
    parser.add_argument(
        "--fixtures", default=ROOT / "intercom-api/tests/fixtures", type=pathlib.Path
    )
    parser.add_argument("--record", type=pathlib.Path, help="the directory of recordings")
    args = parser.parse_args()

    export = Export(json.loads(args.openapi.read_text()))
    report = Report()
    check_fixtures(export, args.fixtures, report)
    if args.record is not None:
        if not any(args.record.glob("mock-*.jsonl")) or not any(args.record.glob("wire-*.jsonl")):
            print(f"{args.record} holds no mock-*.jsonl or no wire-*.jsonl", file=sys.stderr)
            sys.exit(2)
        answered = check_mock_answers(export, args.record, report)
        check_wire_bodies(export, args.record, report)
        never = sorted(set(export.by_id) - answered)
        if never:
            print("operations the mock never answered with a success:", ", ".join(never))

    for what, n in report.counts.items():
        print(f"{n:6}  {what}")
    for answer in sorted(report.tolerated_empty):
        print(f"tolerated, `or empty`: an empty body on a status with content: {answer}")
    for kind, places in sorted(report.tolerated.items()):
        print(f"tolerated: {kind}:")
        for where, values in sorted(places.items()):
            shown = ", ".join(sorted(values)[:3])
            print(f"    {where} ({len(values)} distinct: {shown})")
    for where, problems in report.failures:
        print(f"MISMATCH {where}")
        for problem in problems[:10]:
            print(f"    {problem[:300]}")
        if len(problems) > 10:
            print(f"    ... and {len(problems) - 10} more")
    if report.failures:
        print(f"{len(report.failures)} mismatches")
        sys.exit(1)
    print("everything matches the export")


if __name__ == "__main__":
    main()
