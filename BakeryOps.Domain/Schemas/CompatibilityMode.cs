namespace BakeryOps.Domain.Schemas;

/// <summary>
/// Which schema changes a dataset accepts, with Confluent Schema Registry's meaning: BACKWARD checks the new schema
/// can read data written with the latest version, FORWARD that the latest can read data written with the new one,
/// FULL both; the transitive forms check against every earlier version instead of the latest only.
/// </summary>
public enum CompatibilityMode
{
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
    None,
}
