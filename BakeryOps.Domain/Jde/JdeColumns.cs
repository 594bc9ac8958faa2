namespace BakeryOps.Domain.Jde;

/// <summary>
/// The JD Edwards columns bakery values end in, with their lengths (jde-ais.md §2): a longer value would be refused
/// or cut when it is posted.
/// </summary>
public static class JdeColumns
{
    /// <summary>F4111 LOTN, the lot/serial number.</summary>
    public const int LotLength = 30;

    /// <summary>F4111 LOCN, the location; the vessel code is posted there.</summary>
    public const int LocationLength = 20;

    /// <summary>F4101 LITM, the 2nd item number.</summary>
    public const int SecondItemLength = 25;

    /// <summary>MCU, the business unit or branch/plant.</summary>
    public const int BusinessUnitLength = 12;

    public const string Lot = "F4111 LOTN";
    public const string Location = "F4111 LOCN";
    public const string SecondItem = "F4101 LITM";
    public const string BusinessUnit = "MCU";
}
