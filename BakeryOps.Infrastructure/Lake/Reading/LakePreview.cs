using System.Text.Json.Nodes;

namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>The answer of <c>GET /s3/preview/{key}</c>.</summary>
public sealed record LakePreview(string Key, IReadOnlyList<LakePreviewColumn> Columns, IReadOnlyList<JsonObject> Rows, long TotalRows);

public sealed record LakePreviewColumn(string Name, string Type);
