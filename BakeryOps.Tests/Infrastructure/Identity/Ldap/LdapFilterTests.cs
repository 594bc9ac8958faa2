using BakeryOps.Infrastructure.Identity.Ldap;

namespace BakeryOps.Tests.Infrastructure.Identity.Ldap;

/// <summary>RFC 4515 escaping of what a person types, and the filter it goes into.</summary>
public sealed class LdapFilterTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("*", "\\2a")]
    [InlineData(")(uid=*", "\\29\\28uid=\\2a")]
    [InlineData("*)(|(uid=*", "\\2a\\29\\28|\\28uid=\\2a")]
    [InlineData("\\00", "\\5c00")]
    [InlineData("a\0b", "a\\00b")]
    [InlineData("tab\there", "tab\\09here")]
    [InlineData("o'brien.smith-jones@x", "o'brien.smith-jones@x")]
    [InlineData("zoë", "zo\\c3\\ab")]
    [InlineData("😀", "\\f0\\9f\\98\\80")]
    public void Escape_WhenTheValueHoldsFilterSyntax_ThenEverySpecialCharacterBecomesAHexEscape(string value, string expected)
    {
        LdapFilter.Escape(value).Should().Be(expected);
    }

    [Fact]
    public void Equality_WhenTheNameTriesToCloseTheFilter_ThenTheWholeNameStaysOneAssertionValue()
    {
        var filter = LdapFilter.Equality("(objectClass=person)", "uid", "alice)(|(uid=*");

        filter.Should().Be("(&(objectClass=person)(uid=alice\\29\\28|\\28uid=\\2a))");
        filter.Count(c => c == '(').Should().Be(3).And.Be(filter.Count(c => c == ')'));
    }

    [Fact]
    public void Escape_WhenALoneSurrogateIsGiven_ThenItIsEncodedAsTheReplacementCharacter()
    {
        LdapFilter.Escape("a\ud800").Should().Be("a\\ef\\bf\\bd");
    }
}
