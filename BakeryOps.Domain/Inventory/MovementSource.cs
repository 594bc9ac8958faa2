namespace BakeryOps.Domain.Inventory;

public enum MovementSource
{
    /// <summary>Recorded in the bakery: the API, the portal or sample data.</summary>
    Bakery,

    /// <summary>Applied from the JD Edwards item ledger; carries the ledger's unique key.</summary>
    Jde,
}
