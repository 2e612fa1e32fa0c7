#!/usr/bin/env python3
"""Generates Sources/Schema from the proto files in proto-docs.

Reads the protos through grpcio-tools' protoc into descriptors and writes one Swift file per
proto file: a struct per message (encoding itself with Wire's WireWriter/WireReader), an enum per
proto enum, and a descriptor enum per service. It also writes Tests/SchemaTests/GoldenSamples.swift,
a fully populated sample of every message, built by the same rule as Tests/Interop/golden.py.

Run it with `make schema` after editing a proto; the output is committed.
"""
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# proto file -> generated Swift file; the interop proto is test-only.
OUTPUTS = {
    "uploadmonitor/v1/upload_monitor.proto": "Sources/Schema/UploadMonitor.swift",
    "grpc/health/v1/health.proto": "Sources/Schema/Health.swift",
    "interop_test.proto": "Tests/InteropSupport/InteropMessages.swift",
}
SCHEMA_PACKAGES = ("uploadmonitor.v1", "grpc.health.v1")
FD = descriptor_pb2.FieldDescriptorProto

SWIFT_KEYWORDS = {"default", "case", "class", "enum", "func", "import", "in", "init", "internal",
                  "is", "let", "operator", "private", "protocol", "public", "repeat", "return",
                  "self", "static", "struct", "subscript", "super", "switch", "throw", "throws",
                  "try", "var", "where", "while", "extension", "deinit", "break", "continue",
                  "do", "else", "fallthrough", "for", "guard", "if", "as", "catch", "false",
                  "nil", "true", "rethrows", "Type", "Protocol", "any", "some"}
ACRONYMS = {"id": "ID", "url": "URL", "csv": "CSV", "ms": "Ms"}


def camel(name, upper_first=False):
    parts = name.split("_")
    out = []
    for i, part in enumerate(parts):
        if i == 0 and not upper_first:
            out.append(part.lower())
        else:
            out.append(ACRONYMS.get(part.lower(), part[:1].upper() + part[1:].lower()))
    return "".join(out)


def ident(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def load_descriptors():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "set.pb")
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto-docs"),
                               "-I", os.path.join(ROOT, "Tests", "Interop"),
                               "--include_source_info", f"--descriptor_set_out={out}", *OUTPUTS])
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as f:
            fds.ParseFromString(f.read())
        return fds


class Model:
    """Indexes messages and enums by their fully qualified proto name."""

    def __init__(self, fds):
        self.messages = {}
        self.enums = {}
        self.swift_names = {}
        for file in fds.file:
            prefix = "." + file.package
            for enum in file.enum_type:
                self.add_enum(prefix, enum, enum.name)
            for message in file.message_type:
                self.add_message(prefix, message, message.name)

    def add_enum(self, prefix, enum, swift_name):
        full = f"{prefix}.{enum.name}"
        self.enums[full] = enum
        self.swift_names[full] = swift_name

    def add_message(self, prefix, message, swift_name):
        full = f"{prefix}.{message.name}"
        self.messages[full] = message
        self.swift_names[full] = swift_name
        for enum in message.enum_type:
            self.add_enum(full, enum, f"{swift_name}.{enum.name}")
        for nested in message.nested_type:
            self.add_message(full, nested, f"{swift_name}.{nested.name}")

    def is_map(self, field):
        nested = self.messages.get(field.type_name)
        return nested is not None and nested.options.map_entry


SCALARS = {
    FD.TYPE_STRING: ("String", '""', "String"),
    FD.TYPE_BYTES: ("[UInt8]", "[]", "Bytes"),
    FD.TYPE_INT32: ("Int32", "0", "Int32"),
    FD.TYPE_INT64: ("Int64", "0", "Int64"),
    FD.TYPE_UINT32: ("UInt32", "0", "UInt32"),
    FD.TYPE_UINT64: ("UInt64", "0", "UInt64"),
    FD.TYPE_SINT32: ("Int32", "0", "SInt32"),
    FD.TYPE_SINT64: ("Int64", "0", "SInt64"),
    FD.TYPE_FIXED32: ("UInt32", "0", "Fixed32"),
    FD.TYPE_FIXED64: ("UInt64", "0", "Fixed64"),
    FD.TYPE_SFIXED32: ("Int32", "0", "SFixed32"),
    FD.TYPE_SFIXED64: ("Int64", "0", "SFixed64"),
    FD.TYPE_BOOL: ("Bool", "false", "Bool"),
    FD.TYPE_DOUBLE: ("Double", "0", "Double"),
    FD.TYPE_FLOAT: ("Float", "0", "Float"),
}


def comments(file):
    """Maps descriptor paths to their leading comments."""
    found = {}
    for location in file.source_code_info.location:
        text = (location.leading_comments or location.trailing_comments).strip()
        if text:
            found[tuple(location.path)] = [line.strip() for line in text.splitlines()]
    return found


class Generator:
    def __init__(self, model):
        self.model = model
        self.lines = []

    def emit(self, text=""):
        self.lines.append(text)

    def swift_type(self, field):
        if field.type == FD.TYPE_MESSAGE:
            return self.model.swift_names[field.type_name]
        if field.type == FD.TYPE_ENUM:
            return self.model.swift_names[field.type_name]
        return SCALARS[field.type][0]

    def field_decl(self, field):
        """(swift type, default) of a non-oneof field."""
        if self.model.is_map(field):
            return "[String: String]", "[:]"
        base = self.swift_type(field)
        if field.label == FD.LABEL_REPEATED:
            return f"[{base}]", "[]"
        if field.type == FD.TYPE_MESSAGE:
            return f"{base}?", "nil"
        if field.type == FD.TYPE_ENUM:
            return base, f"{base}()"
        return base, SCALARS[field.type][1]

    def enum(self, enum, swift_name, doc, indent=""):
        short = swift_name.split(".")[-1]
        prefix = "".join(c if c.isalnum() else "_" for c in
                         "".join("_" + ch if ch.isupper() and i else ch for i, ch in enumerate(short))).upper() + "_"
        self.emit(f"{indent}/// {doc}")
        self.emit(f"{indent}public enum {short}: WireEnum, CaseIterable {{")
        cases = []
        for value in enum.value:
            name = value.name[len(prefix):] if value.name.startswith(prefix) else value.name
            cases.append((ident(camel(name)), value.number))
        for name, number in cases:
            self.emit(f"{indent}    case {name}")
        self.emit(f"{indent}    /// A value this version of the schema does not know.")
        self.emit(f"{indent}    case unrecognized(Int32)")
        self.emit()
        self.emit(f"{indent}    public static let allCases: [{short}] = [{', '.join('.' + n for n, _ in cases)}]")
        self.emit()
        self.emit(f"{indent}    public init() {{ self = .{cases[0][0]} }}")
        self.emit()
        self.emit(f"{indent}    public init(rawValue: Int32) {{")
        self.emit(f"{indent}        switch rawValue {{")
        for name, number in cases:
            self.emit(f"{indent}        case {number}: self = .{name}")
        self.emit(f"{indent}        default: self = .unrecognized(rawValue)")
        self.emit(f"{indent}        }}")
        self.emit(f"{indent}    }}")
        self.emit()
        self.emit(f"{indent}    public var rawValue: Int32 {{")
        self.emit(f"{indent}        switch self {{")
        for name, number in cases:
            self.emit(f"{indent}        case .{name}: return {number}")
        self.emit(f"{indent}        case .unrecognized(let value): return value")
        self.emit(f"{indent}        }}")
        self.emit(f"{indent}    }}")
        self.emit(f"{indent}}}")

    def write_call(self, field, value):
        if self.model.is_map(field):
            return f"writer.writeStringMap(field: {field.number}, {value})"
        if field.type == FD.TYPE_MESSAGE:
            kind = "RepeatedMessage" if field.label == FD.LABEL_REPEATED else "Message"
            return f"writer.write{kind}(field: {field.number}, {value})"
        if field.type == FD.TYPE_ENUM:
            kind = "PackedEnum" if field.label == FD.LABEL_REPEATED else "Enum"
            return f"writer.write{kind}(field: {field.number}, {value})"
        suffix = SCALARS[field.type][2]
        if field.label == FD.LABEL_REPEATED:
            kind = f"Repeated{suffix}" if field.type in (FD.TYPE_STRING, FD.TYPE_BYTES) else f"Packed{suffix}"
            return f"writer.write{kind}(field: {field.number}, {value})"
        return f"writer.write{suffix}(field: {field.number}, {value})"

    def read_expr(self, field, target):
        if self.model.is_map(field):
            return f"try reader.readStringMapEntry(field, into: &{target})"
        repeated = field.label == FD.LABEL_REPEATED
        if field.type == FD.TYPE_MESSAGE:
            swift = self.swift_type(field)
            if repeated:
                return f"{target}.append(try reader.readMessage(field, as: {swift}.self))"
            return f"{target} = try reader.readMessage(field, as: {swift}.self)"
        if field.type == FD.TYPE_ENUM:
            if repeated:
                return f"try reader.readRepeatedEnum(field, into: &{target})"
            return f"{target} = try reader.readEnum(field)"
        suffix = SCALARS[field.type][2]
        if repeated:
            if field.type in (FD.TYPE_STRING, FD.TYPE_BYTES):
                return f"{target}.append(try reader.read{suffix}(field))"
            return f"try reader.readRepeated{suffix}(field, into: &{target})"
        return f"{target} = try reader.read{suffix}(field)"

    def message(self, message, swift_name, path, docs, indent=""):
        short = swift_name.split(".")[-1]
        doc = docs.get(tuple(path), [f"The `{message.name}` message."])
        for line in doc:
            self.emit(f"{indent}/// {line}".rstrip())
        self.emit(f"{indent}public struct {short}: WireMessage {{")
        inner = indent + "    "
        oneofs = {i: [] for i in range(len(message.oneof_decl))}
        plain = []
        for index, field in enumerate(message.field):
            if field.HasField("oneof_index") and not field.proto3_optional:
                oneofs[field.oneof_index].append((index, field))
            else:
                plain.append((index, field))
        for index, field in plain:
            swift_type, default = self.field_decl(field)
            for line in docs.get(tuple(path + [2, index]), []):
                self.emit(f"{inner}/// {line}".rstrip())
            self.emit(f"{inner}public var {ident(camel(field.name))}: {swift_type} = {default}")
        for oneof_index, members in oneofs.items():
            oneof = message.oneof_decl[oneof_index]
            enum_name = camel(oneof.name, upper_first=True)
            self.emit(f"{inner}/// The `{oneof.name}` oneof: at most one member is set.")
            self.emit(f"{inner}public enum {enum_name}: Sendable, Equatable {{")
            for _, field in members:
                self.emit(f"{inner}    case {ident(camel(field.name))}({self.swift_type(field)})")
            self.emit(f"{inner}}}")
            self.emit(f"{inner}public var {ident(camel(oneof.name))}: {enum_name}?")
        self.emit()
        self.emit(f"{inner}public init() {{}}")
        # Memberwise initializer with defaults, for call sites.
        params = []
        for _, field in plain:
            swift_type, default = self.field_decl(field)
            params.append(f"{camel(field.name)}: {swift_type} = {default}")
        for oneof_index in oneofs:
            oneof = message.oneof_decl[oneof_index]
            params.append(f"{camel(oneof.name)}: {camel(oneof.name, upper_first=True)}? = nil")
        if params:
            self.emit()
            self.emit(f"{inner}public init(")
            for i, param in enumerate(params):
                self.emit(f"{inner}    {param}{',' if i < len(params) - 1 else ''}")
            self.emit(f"{inner}) {{")
            for _, field in plain:
                name = camel(field.name)
                self.emit(f"{inner}    self.{name} = {ident(name)}")
            for oneof_index in oneofs:
                name = camel(message.oneof_decl[oneof_index].name)
                self.emit(f"{inner}    self.{name} = {ident(name)}")
            self.emit(f"{inner}}}")
        self.emit()
        self.emit(f"{inner}public func encode(to writer: inout WireWriter) {{")
        for _, field in sorted(plain + [m for ms in oneofs.values() for m in ms], key=lambda f: f[1].number):
            if field.HasField("oneof_index") and not field.proto3_optional:
                oneof = message.oneof_decl[field.oneof_index]
                case = ident(camel(field.name))
                if field.type == FD.TYPE_MESSAGE:
                    call = f"writer.writeMessage(field: {field.number}, value)"
                elif field.type == FD.TYPE_BYTES:
                    call = f"writer.writeOneofBytes(field: {field.number}, value)"
                elif field.type == FD.TYPE_STRING:
                    call = f"writer.writeOneofString(field: {field.number}, value)"
                else:
                    raise SystemExit(f"oneof member type of {field.name} not supported")
                self.emit(f"{inner}    if case .{case}(let value) = self.{camel(oneof.name)} {{ {call} }}")
            else:
                self.emit(f"{inner}    {self.write_call(field, 'self.' + camel(field.name))}")
        self.emit(f"{inner}}}")
        self.emit()
        self.emit(f"{inner}public mutating func decodeField(_ field: WireField, from reader: inout WireReader) throws {{")
        self.emit(f"{inner}    switch field.number {{")
        for _, field in sorted(plain + [m for ms in oneofs.values() for m in ms], key=lambda f: f[1].number):
            if field.HasField("oneof_index") and not field.proto3_optional:
                oneof_name = ident(camel(message.oneof_decl[field.oneof_index].name))
                case = ident(camel(field.name))
                self.emit(f"{inner}    case {field.number}:")
                if field.type == FD.TYPE_MESSAGE:
                    swift = self.swift_type(field)
                    self.emit(f"{inner}        self.{oneof_name.strip('`')} = .{case}(try reader.readMessage(field, as: {swift}.self))")
                else:
                    suffix = SCALARS[field.type][2]
                    self.emit(f"{inner}        self.{oneof_name.strip('`')} = .{case}(try reader.read{suffix}(field))")
            else:
                self.emit(f"{inner}    case {field.number}:")
                self.emit(f"{inner}        {self.read_expr(field, 'self.' + camel(field.name))}")
        self.emit(f"{inner}    default:")
        self.emit(f"{inner}        try reader.skip(field)")
        self.emit(f"{inner}    }}")
        self.emit(f"{inner}}}")
        for i, enum in enumerate(message.enum_type):
            self.emit()
            self.enum(enum, f"{swift_name}.{enum.name}", f"The `{message.name}.{enum.name}` enum.", inner)
        self.emit(f"{indent}}}")

    def service(self, file, service):
        full = f"{file.package}.{service.name}"
        self.emit(f"/// Method descriptors of `{full}`.")
        self.emit(f"public enum {service.name}Methods {{")
        self.emit(f'    public static let name = "{full}"')
        names = []
        for method in service.method:
            kind = {(False, False): "unary", (True, False): "clientStreaming",
                    (False, True): "serverStreaming", (True, True): "bidirectionalStreaming"}[
                (method.client_streaming, method.server_streaming)]
            name = method.name[:1].lower() + method.name[1:]
            names.append(name)
            self.emit(f"    public static let {name} = MethodDescriptor(service: name, method: \"{method.name}\", kind: .{kind})")
        self.emit(f"    public static let allMethods: [MethodDescriptor] = [{', '.join(names)}]")
        self.emit("}")

    def file(self, file):
        docs = comments(file)
        self.emit(f"// Generated by scripts/generate_schema.py from {file.name}. Do not edit.")
        self.emit()
        self.emit("import Wire")
        for index, enum in enumerate(file.enum_type):
            self.emit()
            doc = docs.get((5, index), [f"The `{enum.name}` enum."])
            self.enum(enum, enum.name, " ".join(doc))
        for index, message in enumerate(file.message_type):
            self.emit()
            self.message(message, message.name, [4, index], docs)
        for service in file.service:
            self.emit()
            self.service(file, service)
        return "\n".join(self.lines) + "\n"


def sample_lines(model):
    """Swift functions building the same fully populated samples as Tests/Interop/golden.py."""
    out = ["// Generated by scripts/generate_schema.py. Do not edit.", "// Samples built by the rule in Tests/Interop/golden.py.", "",
           "import Schema", "", "enum GoldenSamples {"]
    top = [name for name in model.messages if not model.messages[name].options.map_entry
           and name[1:].startswith(SCHEMA_PACKAGES)]

    def value(field, message_name, depth):
        if model.is_map(field):
            return '["k1": "v1", "k2-\\u{00FC}": "v2"]'
        if field.type == FD.TYPE_MESSAGE:
            return f"{func_name(field.type_name)}(depth: {depth + 1})"
        if field.type == FD.TYPE_ENUM:
            enum = model.enums[field.type_name]
            return f"{model.swift_names[field.type_name]}(rawValue: {max(v.number for v in enum.value)})"
        n = field.number
        return {
            FD.TYPE_STRING: f'"{message_name}.{field.name}-\\u{{00FC}}"',
            FD.TYPE_BYTES: f"[{n}, 0, 255]",
            FD.TYPE_INT32: f"-{n * 1000 + 7}",
            FD.TYPE_INT64: f"-{n * 10**12 + 7}",
            FD.TYPE_DOUBLE: f"{n}.25",
            FD.TYPE_BOOL: "true",
        }[field.type]

    def second(field, message_name, depth):
        if field.type == FD.TYPE_MESSAGE:
            return f"{func_name(field.type_name)}(depth: {depth + 2})"
        if field.type == FD.TYPE_ENUM:
            return f"{model.swift_names[field.type_name]}(rawValue: 1)"
        n = field.number
        return {
            FD.TYPE_STRING: f'"second-{n}"',
            FD.TYPE_INT64: f"{n}",
            FD.TYPE_INT32: f"{n}",
        }[field.type]

    def func_name(full):
        return "sample" + model.swift_names[full].replace(".", "")

    for full in top:
        message = model.messages[full]
        swift = model.swift_names[full]
        out.append(f"    static func {func_name(full)}(depth: Int = 0) -> {swift} {{")
        out.append(f"        var message = {swift}()")
        out.append("        guard depth < 3 else { return message }")
        seen_oneofs = set()
        for field in message.field:
            name = ident(camel(field.name))
            if field.HasField("oneof_index") and not field.proto3_optional:
                if field.oneof_index in seen_oneofs:
                    continue
                seen_oneofs.add(field.oneof_index)
                oneof = ident(camel(message.oneof_decl[field.oneof_index].name))
                out.append(f"        message.{oneof} = .{name}({value(field, message.name, 0).replace('(depth: 1)', '(depth: depth + 1)')})")
                continue
            first = value(field, message.name, 0).replace("(depth: 1)", "(depth: depth + 1)")
            if field.label == FD.LABEL_REPEATED and not model.is_map(field):
                other = second(field, message.name, 0).replace("(depth: 2)", "(depth: depth + 2)")
                out.append(f"        message.{name} = [{first}, {other}]")
            else:
                out.append(f"        message.{name} = {first}")
        out.append("        return message")
        out.append("    }")
        out.append("")
    out.append("    /// Every sample, by fully qualified proto name.")
    out.append("    static let all: [(name: String, bytes: [UInt8], decode: @Sendable ([UInt8]) throws -> Bool)] = [")
    for full in top:
        swift = model.swift_names[full]
        out.append(f'        ("{full[1:]}", {func_name(full)}().wireBytes(), {{ try {swift}(wireBytes: $0) == {func_name(full)}() }}),')
    out.append("    ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    fds = load_descriptors()
    model = Model(fds)
    for file in fds.file:
        path = os.path.join(ROOT, OUTPUTS[file.name])
        with open(path, "w") as f:
            f.write(Generator(model).file(file))
    with open(os.path.join(ROOT, "Tests", "SchemaTests", "GoldenSamples.swift"), "w") as f:
        f.write(sample_lines(model))


if __name__ == "__main__":
    main()
