namespace BakeryOps.Infrastructure.Lake.Reading;

/// <summary>A key from outside that does not name a plain object under the lake prefix (400); the message never echoes the key.</summary>
public sealed class LakeKeyRejectedException(string reason) : Exception(reason);

/// <summary>The object exists but cannot be shown: not Parquet, or too large (422).</summary>
public sealed class LakeNotPreviewableException(string reason, Exception? inner = null) : Exception(reason, inner);
