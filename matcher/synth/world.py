"""The synthetic world: countries, time zones, cities, languages, names, jobs and topic popularity (data only)."""

from __future__ import annotations

import datetime as dt

#: Generated ``updated`` dates fall in the year before this day.
REFERENCE_DATE = dt.date(2026, 11, 1)

#: The first line of every generated file; also how write_community recognises its own files.
MARKER = "# Synthetic profile written by matcher.synth: a fictional person, for tests and benchmarks."

# --- the world: countries, their time zones, cities and languages ----------------------------
#
# code: (weight, name region, [(city, time zone)], default time zone,
#        [(native language, weight)], [(second language, probability)])
# The first city is the most likely one. Every time zone is listed for that country in
# tzdata's zone.tab (tests/test_synth.py checks it).

Country = tuple[int, str, tuple[tuple[str, str], ...], str, tuple[tuple[str, int], ...], tuple[tuple[str, float], ...]]


def _c(weight: int, region: str, cities: str, tz: str, natives: str, seconds: str) -> Country:
    """Compact table rows: ``cities`` is ``City=Zone;City`` (zone defaults to ``tz``), languages ``code:weight``."""
    city_list = []
    for item in cities.split(";"):
        name, _, zone = item.partition("=")
        city_list.append((name, zone or tz))
    native_list = tuple((code, int(w)) for code, w in (x.split(":") for x in natives.split()))
    second_list = tuple((code, float(p)) for code, p in (x.split(":") for x in seconds.split()))
    return (weight, region, tuple(city_list), tz, native_list, second_list)


COUNTRIES: dict[str, Country] = {
    # Europe
    "MD": _c(5, "romanian", "Chișinău;Bălți;Cahul;Comrat", "Europe/Chisinau",
             "ro:80 ru:20", "ru:.6 en:.5 fr:.15 ro:.3"),
    "RO": _c(6, "romanian", "București;Cluj-Napoca;Iași;Timișoara", "Europe/Bucharest",
             "ro:92 hu:8", "en:.7 fr:.25 de:.1 it:.1 ro:.9"),
    "UA": _c(6, "ukrainian", "Kyiv;Lviv;Kharkiv;Odesa;Dnipro", "Europe/Kyiv",
             "uk:85 ru:15", "en:.55 ru:.4 pl:.1 de:.1 uk:.9"),
    "DE": _c(7, "german", "Berlin;Hamburg;München;Köln;Leipzig", "Europe/Berlin",
             "de:92 tr:8", "en:.85 fr:.2 es:.1 de:.9"),
    "BE": _c(5, "belgian", "Brussels;Antwerpen;Gent;Liège", "Europe/Brussels",
             "nl:55 fr:42 de:3", "en:.8 fr:.4 nl:.35"),
    "SE": _c(3, "nordic", "Stockholm;Göteborg;Malmö;Uppsala", "Europe/Stockholm", "sv:95 fi:5", "en:.9 de:.1 es:.1"),
    "NO": _c(2, "nordic", "Oslo;Bergen;Trondheim", "Europe/Oslo", "no:100", "en:.9 de:.1 sv:.2"),
    "FI": _c(2, "nordic", "Helsinki;Tampere;Turku", "Europe/Helsinki", "fi:90 sv:10", "en:.85 sv:.3 de:.05"),
    "ES": _c(5, "spanish", "Madrid;Barcelona;Sevilla;Valencia;Bilbao", "Europe/Madrid",
             "es:85 ca:10 eu:5", "en:.6 fr:.2 pt:.05 es:.9"),
    "FR": _c(5, "french", "Paris;Lyon;Marseille;Lille;Strasbourg", "Europe/Paris",
             "fr:100", "en:.65 es:.2 de:.1 ar:.05"),
    "IT": _c(4, "italian", "Roma;Milano;Napoli;Bologna", "Europe/Rome", "it:100", "en:.6 fr:.2 es:.15"),
    "PL": _c(4, "polish", "Warszawa;Kraków;Gdańsk;Wrocław", "Europe/Warsaw", "pl:100", "en:.65 de:.15 uk:.05"),
    "NL": _c(3, "dutch", "Amsterdam;Rotterdam;Utrecht;Den Haag", "Europe/Amsterdam", "nl:100", "en:.9 de:.3 fr:.15"),
    "GB": _c(5, "anglo", "London;Manchester;Glasgow;Cardiff;Belfast", "Europe/London", "en:100", "fr:.2 es:.15 de:.05"),
    "IE": _c(2, "anglo", "Dublin;Cork;Galway", "Europe/Dublin", "en:95 ga:5", "ga:.2 fr:.2"),
    "PT": _c(2, "portuguese", "Lisboa;Porto;Coimbra", "Europe/Lisbon", "pt:100", "en:.6 es:.3 fr:.2"),
    "GR": _c(2, "greek", "Athens;Thessaloniki;Patras", "Europe/Athens", "el:100", "en:.7 fr:.1"),
    "RS": _c(2, "serbian", "Beograd;Novi Sad;Niš", "Europe/Belgrade", "sr:100", "en:.6 de:.1 ru:.1"),
    "GE": _c(1, "georgian", "Tbilisi;Kutaisi;Batumi", "Asia/Tbilisi", "ka:100", "en:.55 ru:.5"),
    "TR": _c(3, "turkish", "İstanbul;Ankara;İzmir", "Europe/Istanbul", "tr:85 ku:15", "en:.5 de:.15 tr:.9"),
    # Africa
    "ZA": _c(6, "southern_african", "Johannesburg;Cape Town;Durban;Pretoria;Gqeberha", "Africa/Johannesburg",
             "zu:25 xh:20 af:15 en:15 st:10 tn:8 nso:7", "en:.9 af:.2 zu:.2"),
    "KE": _c(5, "east_african", "Nairobi;Mombasa;Kisumu;Nakuru", "Africa/Nairobi",
             "sw:60 ki:20 luo:10 en:10", "en:.9 sw:.9"),
    "GH": _c(4, "west_african", "Accra;Kumasi;Tamale;Cape Coast", "Africa/Accra",
             "ak:45 ee:20 gaa:10 en:25", "en:.95 fr:.1"),
    "NG": _c(5, "west_african", "Lagos;Abuja;Ibadan;Kano;Enugu", "Africa/Lagos",
             "yo:30 ha:30 ig:25 en:15", "en:.95 fr:.08"),
    "SN": _c(2, "west_african", "Dakar;Saint-Louis;Thiès", "Africa/Dakar", "wo:70 ff:15 fr:15", "fr:.9 en:.35"),
    "EG": _c(4, "arab", "Cairo;Alexandria;Aswan;Giza", "Africa/Cairo", "ar:100", "en:.7 fr:.2 de:.05"),
    "MA": _c(2, "arab", "Casablanca;Rabat;Marrakech;Fès", "Africa/Casablanca",
             "ar:75 zgh:25", "fr:.8 en:.4 es:.15 ar:.8"),
    "ET": _c(2, "east_african", "Addis Ababa;Bahir Dar;Hawassa", "Africa/Addis_Ababa",
             "am:60 om:30 ti:10", "en:.75 am:.5"),
    "UG": _c(2, "east_african", "Kampala;Gulu;Mbarara", "Africa/Kampala", "lg:60 ach:20 en:20", "en:.95 sw:.4"),
    "TZ": _c(2, "east_african", "Dar es Salaam;Arusha;Dodoma", "Africa/Dar_es_Salaam", "sw:90 en:10", "en:.7 sw:.5"),
    # Americas
    "BR": _c(6, "portuguese", "São Paulo;Rio de Janeiro=America/Sao_Paulo;Salvador=America/Bahia;Recife=America/Recife;"
             "Belo Horizonte;Manaus=America/Manaus;Porto Alegre", "America/Sao_Paulo", "pt:100", "en:.45 es:.35"),
    "MX": _c(5, "spanish", "Ciudad de México;Guadalajara;Monterrey=America/Monterrey;Oaxaca;Mérida=America/Merida;"
             "Tijuana=America/Tijuana", "America/Mexico_City", "es:100", "en:.45 fr:.05"),
    "CA": _c(4, "anglo", "Toronto;Montréal;Vancouver=America/Vancouver;Calgary=America/Edmonton;Ottawa;"
             "Winnipeg=America/Winnipeg;Halifax=America/Halifax", "America/Toronto",
             "en:70 fr:30", "fr:.35 en:.9 es:.1"),
    "US": _c(5, "anglo", "New York;Chicago=America/Chicago;Los Angeles=America/Los_Angeles;Washington;"
             "Denver=America/Denver;Atlanta;Phoenix=America/Phoenix", "America/New_York",
             "en:85 es:15", "es:.3 fr:.1 en:.95"),
    "AR": _c(3, "spanish", "Buenos Aires;Córdoba=America/Argentina/Cordoba;Rosario=America/Argentina/Cordoba;"
             "Mendoza=America/Argentina/Mendoza", "America/Argentina/Buenos_Aires", "es:100", "en:.5 pt:.2 it:.1"),
    "CO": _c(3, "spanish", "Bogotá;Medellín;Cali;Barranquilla", "America/Bogota", "es:100", "en:.4 pt:.05 fr:.05"),
    "CL": _c(2, "spanish", "Santiago;Valparaíso;Concepción", "America/Santiago", "es:100", "en:.4 pt:.05"),
    "PE": _c(2, "spanish", "Lima;Arequipa;Cusco", "America/Lima", "es:85 qu:15", "en:.35 qu:.1 es:.9"),
    # Asia
    "IN": _c(8, "indian", "Delhi;Mumbai;Bengaluru;Chennai;Kolkata;Hyderabad;Pune", "Asia/Kolkata",
             "hi:35 bn:10 ta:10 te:10 mr:10 ml:8 kn:7 gu:5 pa:5", "en:.9 hi:.5"),
    "BD": _c(3, "bangladeshi", "Dhaka;Chattogram;Khulna", "Asia/Dhaka", "bn:100", "en:.75 hi:.05"),
    "PK": _c(3, "pakistani", "Karachi;Lahore;Islamabad;Peshawar", "Asia/Karachi",
             "ur:50 pa:30 ps:10 sd:10", "en:.8 ur:.6"),
    "PH": _c(5, "filipino", "Quezon City;Manila;Cebu City;Davao City;Iloilo City", "Asia/Manila",
             "tl:45 ceb:25 ilo:10 hil:10 en:10", "en:.95 tl:.5"),
    "ID": _c(5, "indonesian", "Jakarta;Bandung;Yogyakarta;Surabaya;Makassar=Asia/Makassar;Denpasar=Asia/Makassar;"
             "Jayapura=Asia/Jayapura", "Asia/Jakarta", "id:60 jv:25 su:15", "id:.95 en:.55"),
    "VN": _c(2, "vietnamese", "Hà Nội;Thành phố Hồ Chí Minh;Đà Nẵng", "Asia/Ho_Chi_Minh", "vi:100", "en:.55 fr:.05"),
    "JP": _c(4, "japanese", "Tokyo;Osaka;Sapporo;Fukuoka;Kyoto", "Asia/Tokyo", "ja:100", "en:.45"),
    "KR": _c(3, "korean", "Seoul;Busan;Incheon", "Asia/Seoul", "ko:100", "en:.5 ja:.05"),
    "JO": _c(2, "arab", "Amman;Irbid;Zarqa", "Asia/Amman", "ar:100", "en:.75 fr:.05"),
    "LB": _c(2, "arab", "Beirut;Sidon;Byblos", "Asia/Beirut", "ar:100", "fr:.7 en:.7"),
    # Oceania
    "AU": _c(3, "anglo", "Sydney;Melbourne=Australia/Melbourne;Brisbane=Australia/Brisbane;Perth=Australia/Perth;"
             "Adelaide=Australia/Adelaide", "Australia/Sydney", "en:100", "zh:.05 vi:.03 it:.03"),
    "NZ": _c(2, "anglo", "Auckland;Wellington;Christchurch", "Pacific/Auckland", "en:90 mi:10", "mi:.15 en:1"),
    "FJ": _c(1, "fijian", "Suva;Lautoka;Nadi", "Pacific/Fiji", "fj:55 hif:30 en:15", "en:.95 fj:.1"),
}

# --- names: per region, fictional combinations of common given and family names --------------
#
# "Latin|native" gives a native-script form used for some people; the Latin form makes the id.
# An underscore stands for a space inside one name ("Dela_Cruz").
# Native-script names are written given-then-family unless the region says otherwise.

NAMES: dict[str, tuple[str, str, str]] = {
    "romanian": ("Ana Ioana Elena Maria Cristina Andreea Mihaela Diana Irina Doina Natalia Corina",
                 "Ion Andrei Mihai Vasile Radu Alexandru Victor Sergiu Dan Florin Nicolae Marin",
                 "Popescu Ionescu Rusu Ciobanu Munteanu Moraru Lungu Cojocaru Mureșan Stoica Țurcanu Bălan Căpraru"),
    "ukrainian": ("Oksana|Оксана Iryna|Ірина Olena|Олена Kateryna|Катерина Yuliia|Юлія Nataliia|Наталія Sofiia|Софія",
                  "Dmytro|Дмитро Andrii|Андрій Oleksandr|Олександр Taras|Тарас Yurii|Юрій Bohdan|Богдан Maksym|Максим",
                  "Kovalenko|Коваленко Bondarenko|Бондаренко Shevchuk|Шевчук Melnyk|Мельник Tkachenko|Ткаченко "
                  "Kravets|Кравець Lysenko|Лисенко Hnatiuk|Гнатюк"),
    "german": ("Anna Lena Katrin Birgit Sabine Julia Miriam Hannah Leonie Ayşe",
               "Jonas Lukas Stefan Thomas Felix Jan Tobias Emre Matthias",
               "Schneider Becker Vogel Wagner Hoffmann Krüger Schulz Weber Zimmermann Yılmaz Braun"),
    "belgian": ("Marieke Lotte Elise Sofie Camille Amélie Nadia Lien",
                "Pieter Tom Wouter Arnaud Mehdi Lucas Thibault",
                "Janssens Peeters Claes Maes Dubois Lambert Wouters Mertens Dupont El_Amrani"),
    "nordic": ("Astrid Ingrid Sara Elin Maja Kaisa Sigrid Aino",
               "Lars Erik Johan Mikko Anders Olav Nils Sami",
               "Lindqvist Eriksson Holm Solberg Berg Virtanen Nyström Haugen Korhonen Sjöberg"),
    "spanish": ("Lucía María Carmen Valeria Gabriela Daniela Camila Sofía Paula Ximena",
                "Carlos José Javier Mateo Diego Alejandro Matías Andrés Luis Santiago",
                "Fernández García Ramírez Hernández Rojas Mendoza Torres López Quispe Navarro Castillo Vargas"),
    "french": ("Claire Camille Léa Manon Inès Chloé Amandine Fatima",
               "Julien Nicolas Antoine Hugo Karim Mathieu Louis",
               "Martin Bernard Moreau Laurent Girard Fontaine Rousseau Benali"),
    "italian": ("Giulia Francesca Chiara Martina Alessia Silvia",
                "Marco Luca Matteo Giovanni Davide Paolo",
                "Rossi Bianchi Romano Colombo Ricci Esposito Conti Greco"),
    "polish": ("Agnieszka Katarzyna Magdalena Zofia Joanna Małgorzata",
               "Piotr Tomasz Paweł Krzysztof Michał Łukasz",
               "Nowak Kowalska Wiśniewska Wójcik Kamińska Lewandowska"),
    "dutch": ("Sanne Anouk Femke Noor Eva Lisa", "Daan Bram Sem Ruben Thijs Youssef",
              "de_Vries Bakker Visser Smit Meijer Mulder de_Jong"),
    "anglo": ("Emma Olivia Sarah Grace Aoife Chloe Rachel Hannah Priya Mere",
              "James Michael Daniel Liam Ciarán Ethan Owen Samuel Tane Ravi",
              "Walker Chen Murphy Thompson Campbell Nguyen Patel O'Brien Robinson Tremblay Ngata Singh"),
    "portuguese": ("Helena Ana Beatriz Mariana Juliana Larissa Fernanda Inês",
                   "Mateus João Pedro Lucas Rafael Gustavo Tiago Thiago",
                   "Costa Oliveira Santos Silva Alves Pereira Souza Ferreira Rodrigues Almeida"),
    "greek": ("Eleni Maria Katerina Sofia Dimitra", "Nikos Giorgos Kostas Yannis Dimitris",
              "Papadopoulos Georgiou Nikolaidis Karagianni Vlachou"),
    "serbian": ("Jelena Milica Ana Marija Ivana", "Marko Nikola Stefan Luka Miloš",
                "Jovanović Petrović Nikolić Marković Đorđević"),
    "georgian": ("Nino Mariam Tamar Ana Salome", "Giorgi Levan Davit Luka Irakli",
                 "Beridze Kapanadze Gelashvili Lomidze Tsiklauri"),
    "turkish": ("Elif Zeynep Ayşe Fatma Deniz Selin", "Emre Mehmet Can Burak Kerem Deniz",
                "Yılmaz Kaya Demir Şahin Çelik Aydın Öztürk"),
    "southern_african": ("Thandi Lerato Zanele Nomsa Palesa Ayanda Naledi Busisiwe Annelie",
                         "Sipho Thabo Kagiso Mandla Lwazi Bongani Pieter Tshepo",
                         "Dlamini Nkosi Khumalo Mokoena Ndlovu Mahlangu Botha Molefe Zulu"),
    "east_african": ("Wanjiru Achieng Amani Neema Wambui Nakato Selam Hiwot Aisha",
                     "Brian Otieno Juma Kiprono Baraka Musa Dawit Okello Amani",
                     "Kamau Otieno Mwangi Njoroge Wekesa Nabirye Tesfaye Haile Mushi Ochieng"),
    "west_african": ("Akosua Ama Abena Efua Fatou Aminata Ngozi Chiamaka Funmilayo Adjoa",
                     "Kwame Kofi Kojo Yaw Daniel Emeka Tunde Moussa Ibrahima Chinedu",
                     "Boateng Mensah Asante Owusu Okafor Adeyemi Diop Ndiaye Sow Eze Bello Nwosu"),
    "arab": ("Nour|نور Samira|سميرة Layla|ليلى Amal|أمل Yasmin|ياسمين Rania|رانيا Huda|هدى Salma|سلمى",
             "Youssef|يوسف Omar|عمر Karim|كريم Ahmed|أحمد Tarek|طارق Hassan|حسن Khaled|خالد Mahmoud|محمود",
             "Haddad|حداد Mansour|منصور Farouk|فاروق Khalil|خليل Nasser|ناصر Saleh|صالح El_Idrissi|الإدريسي "
             "Hamdan|حمدان"),
    "indian": ("Priya Ananya Kavya Meera Lakshmi Sneha Divya Aditi Shreya",
               "Arjun Rahul Vikram Karthik Rohan Aditya Suresh Anil Sanjay",
               "Raman Mehta Sharma Iyer Nair Reddy Banerjee Kulkarni Das Gupta Pillai"),
    "bangladeshi": ("Nusrat Farhana Tasnim Sadia Ayesha", "Rafiq Tanvir Imran Sakib Arif",
                    "Rahman Hossain Akter Chowdhury Islam"),
    "pakistani": ("Ayesha Sana Hira Mahnoor Zainab", "Bilal Hamza Usman Faisal Asad",
                  "Khan Qureshi Malik Siddiqui Baig"),
    "filipino": ("Joy Maria Kristine Angelica Bea Liza Marites Andrea",
                 "Ramon Jose Mark Paolo Carlo Miguel Jerome Rodel",
                 "Dela_Cruz Santos Reyes Villanueva Bautista Garcia Mendoza Aquino Ramos"),
    "indonesian": ("Putri Siti Dewi Ayu Rina Intan Nurul", "Budi Agus Rizky Dimas Eko Bayu Adi",
                   "Wulandari Rahayu Kusuma Santoso Pratama Hidayat Setiawan Nugroho"),
    "vietnamese": ("Linh Trang Mai Hương Thảo", "Minh Dũng Huy Tuấn Nam", "Nguyễn Trần Lê Phạm Hoàng Vũ"),
    "japanese": ("Yui|結衣 Aiko|愛子 Haruka|遥 Sakura|さくら Emi|恵美 Naoko|直子",
                 "Kenichi|健一 Hiroshi|博 Takumi|拓海 Daiki|大輝 Ren|蓮 Sho|翔",
                 "Sato|佐藤 Nakamura|中村 Tanaka|田中 Watanabe|渡辺 Ito|伊藤 Yamamoto|山本 Kobayashi|小林"),
    "korean": ("Ji-woo|지우 Seo-yeon|서연 Min-ji|민지 Ha-eun|하은",
               "Min-jun|민준 Do-hyun|도현 Ji-ho|지호 Seung-woo|승우",
               "Kim|김 Lee|이 Park|박 Choi|최 Jung|정"),
    "fijian": ("Mere Salote Litia Ana Kalesi", "Jone Sailosi Viliame Ratu Semi",
               "Tuilagi Naidu Waqa Koroi Prasad Ravuvu"),
}
#: Regions whose native script writes the family name first, without a space.
FAMILY_FIRST = {"japanese", "korean"}
NATIVE_SCRIPT_SHARE = 0.3

# --- vocabulary rankings: popularity for demand (mentees) and supply (mentors) ----------------

DEMAND_ORDER = (
    "job-search", "career-change", "self-advocacy", "leadership", "promotion", "public-speaking", "job-interviews",
    "networking", "fundraising", "pay-negotiation", "policy-advocacy", "communications", "project-management",
    "wellbeing", "sector-change", "digital-skills", "entrepreneurship", "workplace-relations", "social-media",
    "eu-affairs", "data-and-evidence", "nonprofit-management", "research-and-writing", "people-management",
    "human-rights", "intercultural-work", "women-in-male-dominated-fields", "campaigning", "standing-for-election",
    "inclusion", "diplomacy", "youth-work", "workers-rights", "trade-union-work", "volunteer-management",
    "grassroots-insight",
)
SUPPLY_ORDER = (
    "leadership", "project-management", "communications", "people-management", "policy-advocacy",
    "research-and-writing", "nonprofit-management", "networking", "public-speaking", "data-and-evidence",
    "human-rights", "intercultural-work", "fundraising", "eu-affairs", "campaigning", "inclusion", "youth-work",
    "career-change", "digital-skills", "workers-rights", "trade-union-work", "volunteer-management",
    "grassroots-insight", "entrepreneurship", "diplomacy", "workplace-relations", "social-media", "job-interviews",
    "wellbeing", "sector-change", "standing-for-election", "self-advocacy", "promotion", "job-search",
    "women-in-male-dominated-fields", "pay-negotiation",
)
SECTOR_WEIGHTS = {
    "civil-society": 20, "public-administration": 8, "international-institutions": 5, "diplomatic-service": 3,
    "politics": 3, "trade-unions": 4, "business": 8, "technology": 7, "education": 8, "research": 5,
    "health-and-care": 5, "media": 4, "law": 4, "finance": 3, "philanthropy": 3, "arts-and-culture": 3,
    "environment": 5, "social-enterprise": 4, "youth-work": 4, "agriculture": 3,
}
#: Topics that pull a person's first sector: (as mentor, as mentee).
TOPIC_SECTOR = {
    "trade-union-work": ("trade-unions", "trade-unions"),
    "workers-rights": ("trade-unions", "health-and-care"),
    "diplomacy": ("diplomatic-service", "diplomatic-service"),
    "eu-affairs": ("international-institutions", "civil-society"),
    "grassroots-insight": ("civil-society", "public-administration"),
    "youth-work": ("youth-work", "youth-work"),
    "standing-for-election": ("politics", "politics"),
    "fundraising": ("philanthropy", "civil-society"),
    "entrepreneurship": ("social-enterprise", "social-enterprise"),
    "human-rights": ("law", "civil-society"),
    "data-and-evidence": ("research", "civil-society"),
    "digital-skills": ("technology", "education"),
}
JOBS = {
    "civil-society": ("Programme coordinator", "Community organiser", "Advocacy officer", "NGO director"),
    "public-administration": ("Policy officer", "Civil servant", "Municipal adviser", "Head of unit"),
    "international-institutions": ("Policy officer", "Programme manager", "Parliamentary assistant"),
    "diplomatic-service": ("Diplomat", "Attaché", "Consular officer", "Desk officer"),
    "politics": ("City councillor", "Campaign manager", "Political adviser", "Party organiser"),
    "trade-unions": ("Union representative", "Union organiser", "Works council member"),
    "business": ("Operations manager", "Sales lead", "HR partner", "Small business owner"),
    "technology": ("Software developer", "Product manager", "Data engineer", "IT support specialist"),
    "education": ("Teacher", "School head", "Adult educator", "Education officer"),
    "research": ("Researcher", "PhD candidate", "Research fellow", "Policy analyst"),
    "health-and-care": ("Nurse", "Care worker", "Public health officer", "Doctor"),
    "media": ("Journalist", "Editor", "Podcast producer", "Communications officer"),
    "law": ("Human rights lawyer", "Paralegal", "Legal adviser", "Judge's clerk"),
    "finance": ("Financial analyst", "Accountant", "Bank risk manager", "Auditor"),
    "philanthropy": ("Grants officer", "Foundation programme lead", "Donor relations manager"),
    "arts-and-culture": ("Curator", "Theatre producer", "Cultural programmer", "Musician"),
    "environment": ("Climate campaigner", "Environmental scientist", "Energy adviser"),
    "social-enterprise": ("Social entrepreneur", "Co-operative manager", "Impact lead"),
    "youth-work": ("Youth worker", "Youth council coordinator", "Scout leader"),
    "agriculture": ("Agronomist", "Farmers' co-operative organiser", "Food security officer"),
}
STUDENT_SUBJECTS = ("law", "political science", "social work", "economics", "computer science", "journalism",
                    "public health", "international relations", "education", "environmental studies")
GOALS = (
    "I want a sounding board for the next step in my work.",
    "I would like to learn from someone who has done this before.",
    "Looking for practical advice and honest feedback.",
    "I hope to build confidence and a plan for the coming year.",
    "I want to understand how decisions are really made in this field.",
)
GOAL_BULLETS = (
    "a clear plan for the next six months", "feedback on my CV", "practice for a big presentation",
    "introductions to people in the field", "a better sense of my own strengths", "a first grant application",
)
OFFERS = (
    "I like short, regular calls and a clear goal for each one.",
    "Happy to share what worked for me and what did not.",
    "I mentor best by asking questions and listening.",
    "I can review drafts, rehearse with you and open a few doors.",
)
ENDORSEMENT_TEXTS = (
    "Thoughtful, generous with time and always well prepared.",
    "Asked the right questions and helped me see my options clearly.",
    "A pleasure to work with: curious, reliable and kind.",
    "Helped me prepare for an interview I then passed.",
    "We learned a lot from each other over a year of calls.",
)
PRONOUNS = {"f": "she/her", "m": "he/him", "x": "they/them"}
