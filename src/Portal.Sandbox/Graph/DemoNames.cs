using System.Globalization;
using System.Text;

namespace Portal.Sandbox.Graph;

/// <summary>Names, departments and titles for generated people; diacritics on purpose, since targets mangle them.</summary>
internal static class DemoNames
{
    public static readonly string[] GivenNames =
    [
        "Zoë", "José", "Björn", "Łukasz", "Anaïs", "Søren", "Chloé", "Jürgen", "François", "Ágnes", "Dušan", "Inés",
        "Małgorzata", "Ömer", "Renée", "Tomáš", "Éloïse", "Håkon", "Nuño", "Siobhán", "Zoltán", "Maël", "Çağla", "Andrés",
        "Adele", "Megan", "Alex", "Grady", "Isaiah", "Johanna", "Lidia", "Miriam", "Nestor", "Patti", "Pradeep", "Lee",
        "Diego", "Henrietta", "Lynne", "Joni",
    ];

    public static readonly string[] Surnames =
    [
        "Müller", "García", "Østergaard", "Nowakowski", "Lefèvre", "Dvořák", "Núñez", "Kovačević", "Ó Súilleabháin", "Åberg",
        "Schäfer", "Gonçalves", "Wójcik", "Yılmaz", "Bérubé", "Horváth", "Sørensen", "Ibáñez", "Świątek", "Štěpánek",
        "Vance", "Bowen", "Wilber", "Archie", "Langer", "Lauer", "Holloway", "Gonzalez", "Grant", "Fernandes",
        "Siciliani", "Cordova", "Hernandez", "Robbins", "Sherman", "Brière", "Håland", "Ferreira", "Nakamura", "Dubois",
    ];

    public static readonly (string Department, string[] Titles)[] Departments =
    [
        ("Engineering", ["Software Engineer", "Senior Software Engineer", "Site Reliability Engineer", "QA Engineer"]),
        ("Sales", ["Account Executive", "Sales Representative", "Sales Engineer"]),
        ("Marketing", ["Marketing Specialist", "Content Strategist", "Brand Manager"]),
        ("Finance", ["Accountant", "Financial Analyst", "Controller"]),
        ("Human Resources", ["HR Generalist", "Recruiter", "People Partner"]),
        ("Operations", ["Operations Analyst", "Facilities Coordinator", "Logistics Planner"]),
        ("Legal", ["Counsel", "Paralegal", "Compliance Officer"]),
        ("Support", ["Support Engineer", "Customer Success Manager", "Technical Writer"]),
    ];

    public static readonly string[] Offices = ["Zürich", "Kraków", "São Paulo", "Montréal", "København", "Seattle", "Dublin", "Málaga"];

    /// <summary>ASCII mail nickname: Entra UPNs cannot carry diacritics, display names can.</summary>
    public static string Nickname(string given, string surname)
    {
        var text = $"{given}.{surname}".Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()
            .Replace("ß", "ss", StringComparison.Ordinal).Replace("ł", "l", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("đ", "d", StringComparison.Ordinal).Replace("ı", "i", StringComparison.Ordinal);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && (char.IsAsciiLetterOrDigit(c) || c == '.'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A GUID drawn from a seeded random source, so generated ids repeat for the same seed.</summary>
    public static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
