@_exported import Schema
@_exported import Wire
