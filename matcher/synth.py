"""Synthetic communities for tests and benchmarks: ``python -m matcher synth --count N --seed S --out DIR``.

Every profile is fictional, schema-valid and written as readable YAML. The same
``(count, seed)`` always gives byte-identical files: all randomness comes from one
``random.Random(seed)``, everything is iterated in list order, and nothing reads the
clock. The mix is meant to stress a matcher the way a real community would:

* roles: about 55% mentee only, 25% mentor only, 20% both (on different topics);
* mentors: capacity 1..5 skewed low, status mostly ``open`` with some ``full``/``paused``;
* topics: Zipf-like popularity, with *different* rankings for demand (mentees) and
  supply (mentors), so some topics are in high demand and short supply;
* places: about 45 countries on every continent with weights, real time zones of that
  country, and a per-country list of cities (the capital most often) so local,
  in-person pairs exist; about 15% of mentees want someone local;
* languages: the country's own languages, plus English, French, Spanish, ... as
  second languages with levels;
* relations: shortlists (``interested_in``) built from mentors who teach a topic the
  mentee wants, some of them mutual; occasional ``avoid`` and ``endorsements``.

Generation runs in three passes: people (names, ids, roles, topics) in a compact form,
then relations between them, then the full profiles, one at a time. Writing streams
the third pass to disk, so 100,000 profiles never sit in memory as mappings at once.
The YAML is emitted by :func:`dump_profile`, a small emitter that quotes every value
that a YAML 1.1 or 1.2 reader could take for anything but the text it is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any

from matcher import schema

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


# --- the emitter: readable, safe YAML for one profile ------------------------------------------

# A bare word: ids, codes, vocabulary values, time zones.
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./+@-]*\Z")
# Free text that reads the same as a plain scalar: starts with a letter, no ':', '#', quotes
# that open a scalar, tabs or line breaks, and no trailing space.
_PLAIN_TEXT = re.compile(r"[^\W\d_][\w .,;()'’/?!–—-]*[\w.,;()'’/?!–—-]\Z|[^\W\d_]\Z")
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/@-]*)?\Z")
# Words a YAML 1.1 reader (PyYAML's safe_load, many other tools) takes for booleans or null.
_SPECIAL_WORDS = frozenset({"yes", "no", "y", "n", "on", "off", "true", "false", "null", "~"})
# Characters that may not appear raw in a quoted scalar or a literal block.
_ESCAPE = re.compile("[\x00-\x1f\"\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\0": "\\0"}
_BLOCK_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]| \n| \\Z")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED_ESCAPES.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _quoted(text: str) -> str:
    return '"' + _ESCAPE.sub(_escape, text) + '"'


_SCALAR_CACHE: dict[str, str] = {}
_SCALAR_CACHE_LIMIT = 4096


def _scalar(value: object, indent: int) -> str:
    """One scalar; multi-line text becomes a literal block indented by ``indent``."""
    if type(value) is str:
        cached = _SCALAR_CACHE.get(value)
        if cached is not None:
            return cached
        text = _text(value, indent)
        if "\n" not in text and len(value) <= 40 and len(_SCALAR_CACHE) < _SCALAR_CACHE_LIMIT:
            _SCALAR_CACHE[value] = text
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value, indent)
    raise TypeError(f"cannot write {type(value).__name__} in a profile")


def _text(value: str, indent: int) -> str:
    if value.lower() in _SPECIAL_WORDS:
        return _quoted(value)
    if _PLAIN_WORD.match(value) or _PLAIN_URL.match(value):
        return value
    if "\n" in value:
        block = _literal(value, indent)
        if block:
            return block
        return _quoted(value)
    if _PLAIN_TEXT.match(value):
        return value
    return _quoted(value)


def _literal(text: str, indent: int) -> str | None:
    """``|`` / ``|-`` block for Markdown text, or None when a quoted scalar is needed."""
    if text[0] in " \n" or text.endswith("\n\n") or _BLOCK_UNSAFE.search(text):
        return None
    chomp = "" if text.endswith("\n") else "-"
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    lines = [pad + line if line else "" for line in body.split("\n")]
    return f"|{chomp}\n" + "\n".join(lines)


def _emit_entry(prefix: str, value: object, indent: int, out: list[str]) -> None:
    """``prefix`` is everything up to and including ``key:``; ``indent`` is the key's column."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        out.append(prefix + " " + _scalar(value, indent + 2))
    elif kind is list or kind is tuple:
        if not value:
            out.append(prefix + " []")
            return
        out.append(prefix)
        _emit_seq(value, indent + 2, out)  # type: ignore[arg-type]
    elif kind is dict or isinstance(value, Mapping):
        if not value:
            out.append(prefix + " {}")
            return
        out.append(prefix)
        _emit_map(value, indent + 2, out)  # type: ignore[arg-type]
    else:
        out.append(prefix + " " + _scalar(value, indent + 2))


_KEYS: set[str] = set()


def _key(key: object) -> str:
    """A field name, checked once: keys are always written bare."""
    if not isinstance(key, str):
        raise ValueError(f"not a field name: {key!r}")
    if key in _KEYS:
        return key
    if not _PLAIN_WORD.match(key) or key.lower() in _SPECIAL_WORDS:
        raise ValueError(f"not a field name: {key!r}")
    if len(_KEYS) < 256:
        _KEYS.add(key)
    return key


def _emit_map(mapping: Mapping[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        _emit_entry(pad + (key if key in _KEYS else _key(key)) + ":", value, indent, out)


def _emit_seq(items: Sequence[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        kind = type(item)
        if kind is dict or (kind is not str and isinstance(item, Mapping)):
            if not item:
                raise TypeError("empty mappings inside lists are not used in profiles")
            prefix = pad + "- "
            for key, value in item.items():
                _emit_entry(prefix + (key if key in _KEYS else _key(key)) + ":", value, indent + 2, out)
                prefix = pad + "  "
        elif kind is list or kind is tuple:
            raise TypeError("nested lists are not used in profiles")
        else:
            out.append(pad + "- " + _scalar(item, indent + 2))


def dump_profile(data: Mapping[str, Any], comment: str | None = None) -> str:
    """A profile as YAML text: keys in the given order, lists indented, Markdown as ``|`` blocks.

    Values are written plain only when every YAML reader (1.1 or 1.2) reads them back as
    the same text; anything else is double-quoted with escapes. ``updated`` dates are
    written as bare ISO dates. ``comment`` lines go first, each prefixed with ``# ``.
    """
    out: list[str] = []
    if comment:
        out.extend("# " + line if line else "#" for line in comment.split("\n"))
    _emit_map(data, 0, out)
    return "\n".join(out) + "\n"


# --- random helpers -----------------------------------------------------------------------------

class _Picker:
    """Weighted choice over a fixed list, with the cumulative weights computed once."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total, 0, len(self.cum) - 1)]

    def distinct(self, rng: Random, k: int, exclude: Sequence[Any] = ()) -> list[Any]:
        """``k`` different items (fewer if the list runs out), in the order drawn."""
        chosen: list[Any] = []
        available = len(self.items) - sum(1 for x in set(exclude) if x in self.items)
        k = min(k, available)
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen


def _ranked(order: Sequence[str], vocab: Sequence[str]) -> list[str]:
    """``order`` restricted to the schema's vocabulary, with any new values appended."""
    known = [t for t in order if t in vocab]
    return known + [t for t in vocab if t not in known]


def _zipf(items: Sequence[str], s: float) -> _Picker:
    return _Picker(items, [1.0 / (rank + 1) ** s for rank in range(len(items))])


_TRANSLIT = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d",
                           "Đ": "D", "ı": "i", "’": "", "'": ""})


def slug(text: str) -> str:
    """ASCII, lowercase, hyphenated: ``'Ioana Mureșan'`` -> ``'ioana-muresan'``."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@cache
def _world() -> dict[str, Any]:
    """Pickers and tables built once from the schema and the tables above."""
    topics = list(schema.vocabulary("topic"))
    sectors = list(schema.vocabulary("sector"))
    countries = list(COUNTRIES)
    names = {
        region: tuple(tuple(tuple(x.replace("_", " ").split("|")) for x in group.split()) for group in groups)
        for region, groups in NAMES.items()
    }
    return {
        "topics": topics,
        "sectors": sectors,
        "demand": _zipf(_ranked(DEMAND_ORDER, topics), 1.0),
        "supply": _zipf(_ranked(SUPPLY_ORDER, topics), 0.9),
        "sector": _Picker(sectors, [SECTOR_WEIGHTS.get(s, 2) for s in sectors]),
        "country": _Picker(countries, [COUNTRIES[c][0] for c in countries]),
        "names": names,
        "natives": {c: _Picker([x for x, _ in row[4]], [w for _, w in row[4]]) for c, row in COUNTRIES.items()},
        "cities": {c: _Picker(row[2], [3.0] + [1.0] * (len(row[2]) - 1)) for c, row in COUNTRIES.items()},
    }


# --- pass 1: people -----------------------------------------------------------------------------

ROLE_MENTEE, ROLE_MENTOR, ROLE_BOTH = 0, 1, 2
_STAGES = ("student", "early-career", "mid-career", "senior", "retired")
_STAGE_WEIGHTS = {
    ROLE_MENTEE: (18, 38, 32, 10, 2),
    ROLE_MENTOR: (4, 10, 36, 38, 12),
    ROLE_BOTH: (6, 24, 44, 22, 4),
}


class _Person:
    """What later passes need to know about someone, kept small."""

    __slots__ = ("country", "gender", "id", "mentee_topics", "mentor_topics", "name", "role", "stage")

    def __init__(self, pid: str, name: str, country: str, gender: str, stage: str, role: int,
                 mentor_topics: tuple[str, ...], mentee_topics: tuple[str, ...]) -> None:
        self.id = pid
        self.name = name
        self.country = country
        self.gender = gender
        self.stage = stage
        self.role = role
        self.mentor_topics = mentor_topics
        self.mentee_topics = mentee_topics


def _topic_count(rng: Random) -> int:
    return rng.choices((1, 2, 3, 4), cum_weights=(35, 70, 90, 100))[0]


def _people(count: int, rng: Random) -> list[_Person]:
    world = _world()
    people = []
    stage_pickers = {role: _Picker(_STAGES, w) for role, w in _STAGE_WEIGHTS.items()}
    width = max(6, len(str(count)))
    for index in range(count):
        country = world["country"].pick(rng)
        region = COUNTRIES[country][1]
        female, male, family = world["names"][region]
        g = rng.random()
        gender = "f" if g < 0.52 else "m" if g < 0.97 else "x"
        given = rng.choice(female if gender == "f" or (gender == "x" and rng.random() < 0.5) else male)
        surname = rng.choice(family)
        if len(given) > 1 and len(surname) > 1 and rng.random() < NATIVE_SCRIPT_SHARE:
            name = surname[1] + given[1] if region in FAMILY_FIRST else f"{given[1]} {surname[1]}"
        else:
            name = f"{given[0]} {surname[0]}"
        pid = f"{slug(given[0])[:20]}-{slug(surname[0])[:20]}-{index + 1:0{width}d}"
        r = rng.random()
        role = ROLE_MENTEE if r < 0.55 else ROLE_MENTOR if r < 0.80 else ROLE_BOTH
        stage = stage_pickers[role].pick(rng)
        mentor_topics: tuple[str, ...] = ()
        mentee_topics: tuple[str, ...] = ()
        if role != ROLE_MENTEE:
            mentor_topics = tuple(world["supply"].distinct(rng, _topic_count(rng)))
            # the young teach the old about the online world: reverse mentoring
            if stage in ("student", "early-career") and rng.random() < 0.3 and "social-media" not in mentor_topics:
                mentor_topics = (*mentor_topics[:3], "social-media")
        if role != ROLE_MENTOR:
            mentee_topics = tuple(world["demand"].distinct(rng, _topic_count(rng), exclude=mentor_topics))
        people.append(_Person(pid, name, country, gender, stage, role, mentor_topics, mentee_topics))
    return people


# --- pass 2: relations --------------------------------------------------------------------------

def _relations(people: list[_Person], rng: Random) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Shortlists (some mutual) and avoid lists, as index lists, decided for everyone up front."""
    by_topic: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        for topic in person.mentor_topics:
            by_topic.setdefault(topic, []).append(index)
    interested: dict[int, list[int]] = {}
    for index, person in enumerate(people):
        if not person.mentee_topics or rng.random() >= 0.3:
            continue
        picks = interested.setdefault(index, [])
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            pool = by_topic.get(rng.choice(person.mentee_topics))
            if not pool:
                continue
            other = rng.choice(pool)
            if other == index or other in picks:
                continue
            picks.append(other)
            if rng.random() < 0.25:  # the mentor shortlists them back: mutual interest
                back = interested.setdefault(other, [])
                if index not in back and len(back) < 20:
                    back.append(index)
    avoid: dict[int, list[int]] = {}
    if len(people) > 2:
        for index in range(len(people)):
            if rng.random() >= 0.02:
                continue
            mine = interested.get(index, [])
            picks = []
            for _ in range(rng.choice((1, 1, 2))):
                other = rng.randrange(len(people))
                if other != index and other not in mine and other not in picks:
                    picks.append(other)
            if picks:
                avoid[index] = picks
    return interested, avoid


# --- pass 3: profiles ---------------------------------------------------------------------------

def _languages(rng: Random, country: str) -> list[dict[str, str]]:
    world = _world()
    native = world["natives"][country].pick(rng)
    langs = [{"code": native, "level": "native"}]
    if rng.random() < 0.06:  # a bilingual upbringing
        other = world["natives"][country].pick(rng)
        if other != native:
            langs.append({"code": other, "level": "native"})
    for code, chance in COUNTRIES[country][5]:
        if len(langs) >= 5:
            break
        if rng.random() < chance and all(lang["code"] != code for lang in langs):
            level = rng.choices(("fluent", "conversational"), cum_weights=(55, 100))[0]
            langs.append({"code": code, "level": level})
    if rng.random() < 0.04 and all(lang["code"] != "en" for lang in langs):
        langs.append({"code": "en", "level": "conversational"})
    return langs


def _formats(rng: Random, has_city: bool, local: bool) -> list[str]:
    formats = []
    if rng.random() < 0.85 or not has_city:
        formats.append("video")
    if has_city and (local or rng.random() < 0.3):
        formats.append("in-person")
    if rng.random() < 0.2:
        formats.append("chat")
    if rng.random() < 0.12:
        formats.append("email")
    return formats or ["video"]


def _profile(index: int, person: _Person, people: list[_Person], interested: dict[int, list[int]],
             avoid: dict[int, list[int]], rng: Random, seed: int) -> dict[str, Any]:
    world = _world()
    country = person.country
    local = person.role != ROLE_MENTOR and rng.random() < 0.15
    city, timezone = world["cities"][country].pick(rng)
    has_city = local or rng.random() < 0.6
    if not has_city:
        timezone = COUNTRIES[country][3] if rng.random() < 0.7 else timezone

    hinted = []
    for topic in person.mentor_topics[:1]:
        hinted.append(TOPIC_SECTOR.get(topic, (None, None))[0])
    for topic in person.mentee_topics[:1]:
        hinted.append(TOPIC_SECTOR.get(topic, (None, None))[1])
    sectors: list[str] = [s for s in hinted[:1] if s and rng.random() < 0.5]
    for sector in world["sector"].distinct(rng, rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0], sectors):
        sectors.append(sector)

    job = rng.choice(JOBS.get(sectors[0], ("Professional",)))
    place = city if has_city else schema.country_name(country)
    if person.stage == "student":
        headline = f"Student of {rng.choice(STUDENT_SUBJECTS)} in {place}"
    elif person.stage == "retired":
        headline = f"Retired {job.lower() if job[1:2].islower() else job}, {place}"
    else:
        headline = f"{job}, {place}"

    raw: dict[str, Any] = {"name": person.name}
    if rng.random() < 0.4:
        raw["github"] = f"synth-user-{index + 1}"
    if rng.random() < 0.5:
        alternative = rng.choice(("she/they", "he/they", "they/them"))
        raw["pronouns"] = PRONOUNS[person.gender] if rng.random() < 0.9 else alternative
    raw["headline"] = headline
    if rng.random() < 0.6:
        bio = f"Fictional, synthetic profile (seed {seed})."
        if rng.random() < 0.5:
            bio += f"\n\nWorks in *{schema.vocabulary('sector')[sectors[0]].lower()}*."
        raw["bio"] = bio
    if rng.random() < 0.92:
        raw["career_stage"] = person.stage
    location: dict[str, str] = {"country": country}
    if has_city:
        location["city"] = city
    location["timezone"] = timezone
    raw["location"] = location
    raw["languages"] = _languages(rng, country)
    raw["sectors"] = sectors

    if person.mentor_topics:
        r = rng.random()
        status = "open" if r < 0.8 else "full" if r < 0.92 else "paused"
        mentor: dict[str, Any] = {
            "topics": list(person.mentor_topics),
            "capacity": rng.choices((1, 2, 3, 4, 5), cum_weights=(35, 65, 83, 93, 100))[0],
            "formats": _formats(rng, has_city, False),
            "status": status,
        }
        if rng.random() < 0.4:
            mentor["offer"] = rng.choice(OFFERS)
        raw["mentor"] = mentor
    if person.mentee_topics:
        mentee: dict[str, Any] = {"topics": list(person.mentee_topics)}
        g = rng.random()
        if g < 0.15:
            bullets = rng.sample(GOAL_BULLETS, 2)
            mentee["goals"] = f"{rng.choice(GOALS)}\n\n- {bullets[0]}\n- {bullets[1]}\n"
        elif g < 0.5:
            mentee["goals"] = rng.choice(GOALS)
        mentee["formats"] = _formats(rng, has_city, local)
        own = set(sectors)
        if "career-change" in person.mentee_topics or "sector-change" in person.mentee_topics or rng.random() < 0.12:
            wanted = [s for s in world["sector"].distinct(rng, rng.choice((1, 1, 2)), sectors) if s not in own]
            if wanted:
                mentee["target_sectors"] = wanted
        if local:
            mentee["reach"] = "local"
        elif rng.random() < 0.2:
            mentee["reach"] = "anywhere"
        s = rng.random()
        if s < 0.08:
            mentee["status"] = "paused"
        elif s < 0.3:
            mentee["status"] = "looking"
        raw["mentee"] = mentee

    if index in interested:
        raw["interested_in"] = [people[i].id for i in interested[index]]
    if index in avoid:
        raw["avoid"] = [people[i].id for i in avoid[index]]
    updated = REFERENCE_DATE - dt.timedelta(days=rng.randint(1, 365))
    if len(people) > 1 and rng.random() < 0.08:
        endorsements = []
        seen = set()
        for _ in range(rng.choice((1, 1, 2))):
            other = rng.randrange(len(people))
            if other == index or other in seen:
                continue
            seen.add(other)
            endorsements.append({
                "id": people[other].id,
                "relation": rng.choices(("was-my-mentor", "was-my-mentee", "peer"), cum_weights=(40, 80, 100))[0],
                "year": rng.randint(2012, updated.year),  # about work done before the profile's date
                "text": rng.choice(ENDORSEMENT_TEXTS),
            })
        if endorsements:
            raw["endorsements"] = endorsements
    links: dict[str, str] = {}
    if rng.random() < 0.2:
        links["website"] = f"https://example.org/{person.id}"
    if rng.random() < 0.25:
        links["linkedin"] = f"https://www.linkedin.com/in/example-{person.id}"
    if rng.random() < 0.05:
        links["scheduling"] = f"https://cal.example.com/{person.id}"
    if links:
        raw["links"] = links
    if rng.random() < 0.25:
        methods = ["email"] + [m for m in ("github", "linkedin", "scheduling", "website") if m in raw or m in links]
        preferred = rng.choice(methods)
        contact = {"preferred": preferred}
        if preferred == "email" or rng.random() < 0.3:
            contact["email"] = f"{person.id}@example.org"
        raw["contact"] = contact
    raw["consent"] = {"public": True, "adult": True}
    raw["updated"] = updated
    return raw


def _community(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The three passes; ``updated`` is a ``datetime.date`` here, so that it is written as a bare date."""
    if count < 0:
        raise ValueError("count must not be negative")
    rng = Random(seed)  # noqa: S311 - reproducible test data, not secrets
    people = _people(count, rng)
    interested, avoid = _relations(people, rng)
    for index, person in enumerate(people):
        yield person.id, _profile(index, person, people, interested, avoid, rng, seed)


def iter_community(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The profiles of a synthetic community, one (id, raw mapping) at a time, in creation order.

    Each mapping is what :mod:`matcher.loader` reads back from the written file: plain JSON
    types, ``updated`` as ISO text, ready for ``schema.validator()`` and ``Profile.from_raw``.
    """
    for pid, raw in _community(count, seed):
        raw["updated"] = raw["updated"].isoformat()
        yield pid, raw


def generate(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """A synthetic community: ``count`` (id, raw mapping) pairs, the same for the same seed."""
    return list(iter_community(count, seed))


def write_community(count: int, seed: int, out: Path) -> list[Path]:
    """Write ``out/<id>.yml`` for a synthetic community and return the paths, sorted.

    ``out`` is created if missing. Files left there by an earlier run (recognised by
    their first line) that are not part of this community are removed, so a folder
    always holds exactly one community; no other file is touched.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    header = MARKER.removeprefix("# ")
    written: list[Path] = []
    names: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    folder = os.open(out, os.O_RDONLY) if os.open in os.supports_dir_fd else None
    try:
        for pid, raw in _community(count, seed):
            name = f"{pid}.yml"
            data = dump_profile(raw, comment=header).encode("utf-8")
            # os.open/os.write: a third of the time of Path.write_bytes for 100,000 small files
            fd = os.open(name, flags, 0o644, dir_fd=folder) if folder is not None else os.open(out / name, flags, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            written.append(out / name)
            names.add(name)
    finally:
        if folder is not None:
            os.close(folder)
    marker = MARKER.encode("utf-8")
    with os.scandir(out) as entries:
        leftovers = sorted(e.name for e in entries if e.name.endswith(".yml") and e.name not in names and e.is_file())
    for name in leftovers:
        with (out / name).open("rb") as handle:
            ours = handle.read(len(marker)) == marker
        if ours:
            (out / name).unlink()
    written.sort(key=lambda p: p.name)
    return written
