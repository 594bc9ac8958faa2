using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Configuration;

public static class OptionsRegistration
{
    /// <summary>Binds a section and validates it at start with rules that return messages naming the keys.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, string section, Func<T, IEnumerable<string>> rules)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new RuleValidator<T>(rules));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class RuleValidator<T>(Func<T, IEnumerable<string>> rules) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = rules(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
