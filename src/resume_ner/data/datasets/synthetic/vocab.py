"""Word lists the synthetic resume generator draws from (names, places, employers, skills)."""

from __future__ import annotations

# fmt: off
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "english": ("James", "Emily", "Oliver", "Charlotte", "Henry", "Amelia", "Jack", "Sophie",
                "William", "Grace", "Thomas", "Hannah", "Daniel", "Chloe", "Michael", "Sarah"),
    "indian": ("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya",
               "Rahul", "Pooja", "Siddharth", "Divya", "Karthik", "Meera", "Abhishek", "Neha"),
    "chinese": ("Wei", "Xiu Ying", "Jun", "Mei", "Hao", "Lan", "Yong", "Jing", "Tao", "Ling"),
    "hispanic": ("José", "María", "Carlos", "Lucía", "Alejandro", "Sofía", "Diego", "Valentina",
                 "Javier", "Camila", "Mateo", "Isabel"),
    "arabic": ("Omar", "Fatima", "Ahmed", "Layla", "Youssef", "Aisha", "Khalid", "Noor",
               "Hassan", "Mariam"),
    "african": ("Chinedu", "Amara", "Kwame", "Abena", "Tunde", "Ngozi", "Sipho", "Zanele",
                "Kofi", "Wanjiru", "Emeka", "Adaeze"),
    "german": ("Lukas", "Anna", "Felix", "Lena", "Jonas", "Miriam", "Tobias", "Katrin"),
    "french": ("Louis", "Camille", "Hugo", "Manon", "Julien", "Élodie", "Antoine", "Chloé"),
    "japanese": ("Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Takumi", "Hina"),
    "slavic": ("Ivan", "Olga", "Dmitri", "Katarzyna", "Piotr", "Natalia", "Marek", "Irina"),
    "korean": ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Dong-hyun", "Su-bin"),
    "vietnamese": ("Minh", "Linh", "Huy", "Trang", "Duc", "Thao"),
}
"""First names per culture."""

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "english": ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Wright",
                "Hughes", "Edwards", "Turner", "Bennett"),
    "indian": ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Kulkarni", "Menon",
               "Chatterjee", "Singh", "Deshpande", "Rao", "Verma", "Joshi"),
    "chinese": ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou"),
    "hispanic": ("García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
                 "Sánchez", "Ramírez", "Torres"),
    "arabic": ("Haddad", "Al-Sayed", "Mansour", "Khalil", "Nasser", "Rahman", "Farouk"),
    "african": ("Okafor", "Mensah", "Adeyemi", "Nkosi", "Boateng", "Mwangi", "Okonkwo",
                "Dlamini", "Owusu"),
    "german": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann"),
    "french": ("Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Fontaine", "Rousseau"),
    "japanese": ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Yamamoto", "Kobayashi"),
    "slavic": ("Ivanov", "Kowalski", "Novak", "Petrova", "Wiśniewski", "Horvat", "Smirnova"),
    "korean": ("Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
    "vietnamese": ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"),
}
"""Last names per culture (same keys as ``FIRST_NAMES``)."""

LOCATIONS: tuple[tuple[str, str, str], ...] = (
    ("Bangalore", "Karnataka", "India"), ("Pune", "Maharashtra", "India"),
    ("Hyderabad", "Telangana", "India"), ("Chennai", "Tamil Nadu", "India"),
    ("New Delhi", "Delhi", "India"), ("Mumbai", "Maharashtra", "India"),
    ("San Francisco", "CA", "USA"), ("Austin", "TX", "USA"), ("Seattle", "WA", "USA"),
    ("New York", "NY", "USA"), ("Chicago", "IL", "USA"), ("Boston", "MA", "USA"),
    ("Toronto", "ON", "Canada"), ("Vancouver", "BC", "Canada"),
    ("London", "England", "United Kingdom"), ("Manchester", "England", "United Kingdom"),
    ("Berlin", "Berlin", "Germany"), ("Munich", "Bavaria", "Germany"),
    ("Paris", "Île-de-France", "France"), ("Lyon", "Auvergne-Rhône-Alpes", "France"),
    ("Madrid", "Madrid", "Spain"), ("Barcelona", "Catalonia", "Spain"),
    ("Mexico City", "CDMX", "Mexico"), ("São Paulo", "SP", "Brazil"),
    ("Lagos", "Lagos", "Nigeria"), ("Nairobi", "Nairobi", "Kenya"),
    ("Accra", "Greater Accra", "Ghana"), ("Cape Town", "Western Cape", "South Africa"),
    ("Dubai", "Dubai", "United Arab Emirates"), ("Cairo", "Cairo", "Egypt"),
    ("Singapore", "Singapore", "Singapore"), ("Tokyo", "Tokyo", "Japan"),
    ("Seoul", "Seoul", "South Korea"), ("Shanghai", "Shanghai", "China"),
    ("Ho Chi Minh City", "HCMC", "Vietnam"), ("Warsaw", "Masovia", "Poland"),
    ("Sydney", "NSW", "Australia"), ("Amsterdam", "North Holland", "Netherlands"),
)
"""(city, region, country) triples."""

COMPANIES: tuple[str, ...] = (
    "Infosys", "Tata Consultancy Services", "Wipro Technologies", "Accenture", "Cognizant",
    "HCL Technologies", "Capgemini", "Deloitte", "IBM", "Oracle", "Microsoft", "Amazon",
    "Google", "SAP Labs", "Siemens", "Bosch", "Flipkart", "Zomato", "Razorpay", "Swiggy",
    "Northwind Analytics", "Bluefin Systems", "Acme Robotics", "Globex Corporation",
    "Initech", "Umbrella Health", "Stark Industries", "Contoso Ltd", "Fabrikam Inc",
    "Tailspin Toys", "Litware Inc", "Adventure Works", "Helios Energy", "Quantica Labs",
    "Silverline Logistics", "Nimbus Cloud", "Orbital Payments", "Kestrel Software",
    "Andina Retail", "Sahara Telecom", "Baobab Fintech", "Sakura Electronics",
    "Hanbit Mobility", "Lotus Data Co", "Vistula Games", "Maple Leaf Insurance",
)
"""Employers (well-known and fictional)."""

DESIGNATIONS: tuple[str, ...] = (
    "Software Engineer", "Senior Software Engineer", "Data Scientist", "Senior Data Scientist",
    "Machine Learning Engineer", "Data Analyst", "Business Analyst", "Project Manager",
    "Product Manager", "DevOps Engineer", "Cloud Architect", "QA Engineer",
    "Test Automation Engineer", "Frontend Developer", "Backend Developer",
    "Full Stack Developer", "Technical Lead", "Engineering Manager", "Systems Administrator",
    "Database Administrator", "Network Engineer", "Security Analyst", "UX Designer",
    "Scrum Master", "Consultant", "Associate Consultant", "Team Lead", "Intern",
    "Research Assistant", "Site Reliability Engineer", "Mobile Developer", "SAP Consultant",
)
"""Job titles."""

DEGREES: tuple[str, ...] = (
    "Bachelor of Technology", "B.Tech", "B.E.", "Bachelor of Engineering",
    "Bachelor of Science", "B.Sc", "BCA", "MCA", "Master of Science", "M.Sc", "M.Tech",
    "Master of Technology", "MBA", "Master of Business Administration", "Ph.D.",
    "Bachelor of Arts", "BBA", "Master of Engineering", "Diploma",
)
"""Degrees (full and abbreviated)."""

FIELDS: tuple[str, ...] = (
    "Computer Science", "Information Technology", "Electronics and Communication",
    "Electrical Engineering", "Mechanical Engineering", "Mathematics", "Statistics",
    "Data Science", "Finance", "Physics", "Information Systems",
)
"""Fields of study (never labelled)."""

COLLEGES: tuple[str, ...] = (
    "Indian Institute of Technology, Delhi", "IIT Bombay", "NIT Trichy",
    "Vellore Institute of Technology", "Anna University", "University of Pune",
    "BITS Pilani", "Manipal Institute of Technology", "Delhi University",
    "Stanford University", "Massachusetts Institute of Technology",
    "University of California, Berkeley", "Carnegie Mellon University",
    "Georgia Institute of Technology", "University of Toronto", "University of Waterloo",
    "Imperial College London", "University of Manchester", "Technical University of Munich",
    "Sorbonne University", "Universidad Complutense de Madrid", "Universidad de Buenos Aires",
    "University of Lagos", "University of Nairobi", "University of Cape Town",
    "Cairo University", "National University of Singapore", "University of Tokyo",
    "Seoul National University", "Tsinghua University", "Warsaw University of Technology",
    "University of Sydney", "Delft University of Technology",
)
"""Colleges and universities."""

SKILL_GROUPS: dict[str, tuple[str, ...]] = {
    "Languages": ("Python", "Java", "C++", "C#", "JavaScript", "TypeScript", "Go", "Rust", "SQL",
                  "R", "Scala", "Kotlin", "Swift", "PHP", "Shell Scripting", "SAP ABAP"),
    "Frameworks": ("React", "Angular", "Vue.js", "Node.js", "Django", "Flask", "Spring Boot",
                   "HTML", "CSS", "REST APIs", "GraphQL", "Microservices"),
    "Cloud & DevOps": ("Docker", "Kubernetes", "Terraform", "AWS", "Azure", "GCP", "Linux",
                       "Git", "Jenkins", "CI/CD"),
    "Databases": ("PostgreSQL", "MySQL", "MongoDB", "Redis", "Oracle Database", "Kafka"),
    "Data & ML": ("Spark", "Hadoop", "Airflow", "TensorFlow", "PyTorch", "scikit-learn",
                  "Pandas", "NumPy", "Machine Learning", "Deep Learning", "NLP",
                  "Computer Vision", "Data Analysis", "Statistics", "A/B Testing"),
    "Tools": ("Tableau", "Power BI", "Excel", "JIRA", "Selenium", "Figma"),
    "Practices": ("Agile", "Scrum", "Project Management"),
}
"""Skills by category (the category names are never labelled)."""

SKILLS: tuple[str, ...] = tuple(skill for group in SKILL_GROUPS.values() for skill in group)
"""Every skill."""

SKILL_GROUP_OF: dict[str, str] = {
    skill: group for group, members in SKILL_GROUPS.items() for skill in members
}
"""Skill -> its category."""

PERSONAL_LANGUAGES: tuple[str, ...] = (
    "English", "Hindi", "Spanish", "French", "German", "Arabic", "Mandarin", "Tamil", "Swahili",
    "Japanese", "Korean", "Portuguese", "Polish",
)
"""Spoken languages for the label-free personal details."""

HOBBIES: tuple[str, ...] = (
    "Reading", "Cricket", "Football", "Chess", "Photography", "Travelling", "Cooking",
    "Running", "Music", "Volunteering",
)
"""Hobbies for the label-free personal details."""

DECLARATIONS: tuple[str, ...] = (
    "I hereby declare that the information given above is true to the best of my knowledge.",
    "References available upon request.",
    "I confirm that the above details are correct and complete.",
)
"""Closing lines (never labelled)."""

EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "protonmail.com", "icloud.com",
    "mail.com", "yahoo.co.in", "rediffmail.com", "gmx.de", "example.org",
)
"""Email domains."""

PHONE_FORMATS: tuple[str, ...] = (
    "+1 (###) ###-####", "(###) ###-####", "###-###-####", "###.###.####",
    "+91 ##### #####", "+91-##########", "0##########", "+44 20 #### ####",
    "+44 7### ######", "+49 30 #######", "+33 6 ## ## ## ##", "+34 6## ### ###",
    "+52 55 #### ####", "+234 80# ### ####", "+254 7## ######", "+65 #### ####",
    "+81 90-####-####", "+82 10-####-####", "+971 5# ### ####", "+61 4## ### ###",
)
"""Phone formats; each ``#`` becomes a digit."""

SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "summary": ("Summary", "Professional Summary", "Profile", "Career Objective", "About Me"),
    "experience": ("Experience", "Work Experience", "Professional Experience",
                   "Employment History", "Work History"),
    "education": ("Education", "Academic Qualifications", "Educational Background",
                  "Education Details"),
    "skills": ("Skills", "Technical Skills", "Key Skills", "Core Competencies", "IT Skills"),
    "projects": ("Projects", "Academic Projects", "Key Projects", "Personal Projects"),
    "personal": ("Personal Details", "Personal Information", "Personal Profile"),
    "certifications": ("Certifications", "Certificates", "Licenses & Certifications",
                       "Trainings"),
}
"""Header variants per section."""

OBJECTIVES: tuple[str, ...] = (
    "Seeking a challenging role where I can apply my analytical skills and grow with the "
    "organisation.",
    "Looking for an opportunity to contribute to a fast-paced team and keep learning.",
    "Motivated professional eager to solve real problems for real users.",
    "Detail-oriented and self-driven, with a passion for clean, maintainable work.",
    "Strong communicator who enjoys mentoring colleagues and working across teams.",
    "Focused on delivering measurable business value on time and within budget.",
)
"""Label-free objective sentences."""

RESPONSIBILITIES: tuple[str, ...] = (
    "Designed and maintained internal services used by several product teams",
    "Led a team of five engineers through two major releases",
    "Reduced monthly infrastructure cost by 30% through capacity planning",
    "Worked closely with stakeholders to gather and refine requirements",
    "Automated the weekly reporting process, saving ten hours per week",
    "Mentored new joiners and ran onboarding sessions",
    "Migrated legacy batch jobs to an event-driven pipeline",
    "Improved test coverage from 40% to 85% across the main repositories",
    "Handled production incidents and wrote post-mortem reports",
    "Presented quarterly results to senior management",
    "Built dashboards that tracked customer retention for the Sales team",
    "Coordinated with the offshore team across three time zones",
    "Reviewed code and enforced coding standards",
    "Cut page load time in half by reworking the caching layer",
)
"""Label-free bullet points of experience entries."""

PROJECTS: tuple[tuple[str, str], ...] = (
    ("Inventory Forecasting", "Built a demand forecast that lowered stock-outs across 40 stores."),
    ("Customer Churn Prediction", "Predicted churn from usage logs and flagged accounts at risk."),
    ("Online Voting System", "A secure web application for student council elections."),
    ("Resume Parser", "Extracted fields from uploaded resumes for a recruiting portal."),
    ("Smart Parking", "Sensor-based app that shows free parking spots in real time."),
    ("Chat Support Bot", "Answered common support questions and routed the rest to agents."),
    ("Library Management", "Desktop application for issuing and tracking books."),
    ("Fraud Detection", "Scored card transactions and cut false positives by a quarter."),
)
"""Label-free project names and descriptions."""

CERTIFICATIONS: tuple[str, ...] = (
    "AWS Certified Solutions Architect - Associate",
    "Microsoft Certified: Azure Fundamentals",
    "Google Professional Data Engineer",
    "Certified ScrumMaster (CSM)",
    "PMP - Project Management Professional",
    "Oracle Certified Professional, Java SE Programmer",
    "Certified Kubernetes Administrator",
    "ITIL Foundation",
)
"""Label-free certification names."""

MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
"""Month abbreviations."""

NUMBER_WORDS: tuple[str, ...] = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)
"""Spelled-out numbers 1..10."""
# fmt: on
