"""Polish names for the sample city's streets, districts, places and residents."""

STREETS_EAST_WEST = (
    "Mickiewicza", "Słowackiego", "Kościuszki", "Sienkiewicza", "Prusa", "Żeromskiego",
    "Reymonta", "Konopnickiej", "Orzeszkowej", "Kopernika", "Chopina", "Moniuszki",
    "Matejki", "Wyspiańskiego", "Norwida", "Kochanowskiego", "Staszica", "Kołłątaja",
    "Traugutta", "Pułaskiego", "Piłsudskiego", "Narutowicza", "Paderewskiego",
    "Skłodowskiej-Curie", "Fredry", "Krasickiego", "Lelewela", "Mochnackiego",
    "Poniatowskiego", "Dąbrowskiego", "Sobieskiego", "Batorego", "Chrobrego", "Mieszka I",
    "Kazimierza Wielkiego", "Jagiellońska", "Piastowska", "Grunwaldzka", "Królewska", "Zamkowa",
)  # fmt: skip
STREETS_NORTH_SOUTH = (
    "Lipowa", "Klonowa", "Brzozowa", "Dębowa", "Jesionowa", "Akacjowa", "Kasztanowa",
    "Modrzewiowa", "Sosnowa", "Świerkowa", "Wierzbowa", "Topolowa", "Jaśminowa", "Różana",
    "Tulipanowa", "Akademicka", "Polna", "Łąkowa", "Ogrodowa", "Kwiatowa", "Leśna", "Wiejska",
    "Szkolna", "Słoneczna", "Dworcowa", "Fabryczna", "Przemysłowa", "Handlowa", "Rynkowa",
    "Targowa", "Młyńska", "Nadrzeczna", "Mostowa", "Wodna", "Zielona", "Cicha", "Krótka",
    "Długa", "Spokojna", "Graniczna",
)  # fmt: skip

DISTRICTS = (
    "Śródmieście", "Stare Miasto", "Nadrzecze", "Zielone Wzgórze", "Osiedle Słoneczne",
    "Kolejowo", "Leśna Polana", "Przemysłowa Dolina",
)  # fmt: skip

PARKS = (
    "Park Miejski", "Park im. Jana Pawła II", "Park Źródliska", "Park Bulwary",
    "Ogród Jordanowski", "Park Leśny", "Skwer Kombatantów", "Park Staromiejski",
    "Park Tysiąclecia", "Park Sielanka", "Park Reymonta", "Skwer Wolności",
)  # fmt: skip

FIRST_NAMES = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena",
    "Joanna", "Zofia", "Julia", "Aleksandra", "Piotr", "Krzysztof", "Tomasz", "Paweł",
    "Michał", "Marcin", "Jakub", "Łukasz", "Grzegorz", "Wojciech", "Mateusz", "Adam",
    "Jan", "Andrzej", "Szymon", "Bartłomiej", "Dominika", "Natalia",
)  # fmt: skip
LAST_NAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski",
    "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski",
    "Stępień", "Jaworski", "Malinowski",
)  # fmt: skip


def feminine(surname: str) -> str:
    """Return the feminine form of a Polish surname (Kowalski -> Kowalska)."""
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname
