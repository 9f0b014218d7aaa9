<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>LobbyWindow</name>
    <message>
        <location filename="../../counter_app/ui/lobby.py" line="153"/>
        <source>Service status — waiting room</source>
        <translation>서비스 현황 — 대기실 안내</translation>
    </message>
</context>
<context>
    <name>PublisherBanner</name>
    <message>
        <location filename="../../counter_app/ui/status_desk_banner.py" line="23"/>
        <source>Published by {office} at {time} (signature checked, terminal {terminal})</source>
        <translation>{office}에서 {time}에 게시 (서명 확인됨, 단말기 {terminal})</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_banner.py" line="36"/>
        <source>Unverified: {source} is signed as office {office}, which this counter does not trust. Ask the supervisor to check it before relying on it.</source>
        <translation>확인되지 않은 게시처: {source}은(는) {office} 사무소로 서명되었지만 이 창구가 신뢰하는 사무소가 아닙니다. 이 정보를 믿기 전에 감독자에게 확인하십시오.</translation>
    </message>
</context>
<context>
    <name>StatusDeskMenu</name>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="500"/>
        <source>Status &amp;desk…</source>
        <translation>상태판 편집(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="501"/>
        <source>&amp;Lobby display</source>
        <translation>대기실 안내 화면(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="508"/>
        <source>Status desk</source>
        <translation>상태판 편집</translation>
    </message>
</context>
<context>
    <name>StatusDeskPage</name>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="98"/>
        <source>Filter systems (Ctrl+F)</source>
        <translation>시스템 찾기 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="109"/>
        <source>2025-11-20, 2025-10-20..2025-10-31 or none</source>
        <translation>2025-11-20, 2025-10-20..2025-10-31 또는 none(미발표)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="112"/>
        <source>no grade</source>
        <translation>등급 없음</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="114"/>
        <location filename="../../counter_app/ui/status_desk_page.py" line="165"/>
        <source>grade {n}</source>
        <translation>{n}등급</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="120"/>
        <source>one per line: kind|label|detail|guide id</source>
        <translation>한 줄에 하나씩: 종류|이름|설명|절차 ID</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="123"/>
        <source>&amp;Status</source>
        <translation>상태(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="124"/>
        <source>S&amp;ince</source>
        <translation>시작 시각(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="125"/>
        <source>&amp;Expected recovery</source>
        <translation>복구 예정(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="126"/>
        <source>How sure</source>
        <translation>확실한 정도</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="127"/>
        <source>&amp;Grade</source>
        <translation>등급(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="128"/>
        <source>&amp;Ministry</source>
        <translation>소관 부처(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="129"/>
        <source>Ministry (English)</source>
        <translation>소관 부처 (영문)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="130"/>
        <source>&amp;Note</source>
        <translation>메모(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="131"/>
        <source>&amp;Alternatives</source>
        <translation>대안(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="137"/>
        <source>Save change (Ctrl+S)</source>
        <translation>변경 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="139"/>
        <source>new system id</source>
        <translation>새 시스템 ID</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="141"/>
        <source>its Korean name</source>
        <translation>한글 이름</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="142"/>
        <source>Add (Ctrl+N)</source>
        <translation>추가 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="143"/>
        <location filename="../../counter_app/ui/status_desk_page.py" line="454"/>
        <source>Remove system</source>
        <translation>시스템 빼기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="144"/>
        <source>Selected system</source>
        <translation>선택한 시스템</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="163"/>
        <source>overall</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="167"/>
        <source>as of (default now)</source>
        <translation>기준 시각 (기본: 지금)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="168"/>
        <source>Save figures</source>
        <translation>복구 현황 저장</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="169"/>
        <source>Restoration figures</source>
        <translation>복구 현황</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="172"/>
        <source>Restored</source>
        <translation>복구</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="174"/>
        <source>of</source>
        <translation>/</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="183"/>
        <source>folder to publish to (web server, share or USB stick)</source>
        <translation>게시할 폴더 (웹 서버, 공유 폴더 또는 USB 메모리)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="184"/>
        <source>Publish signed (Ctrl+P)</source>
        <translation>서명하여 게시 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="187"/>
        <source>Make this version current</source>
        <translation>이 버전으로 되돌리기</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="208"/>
        <source>History (who, when, what)</source>
        <translation>변경 기록 (누가, 언제, 무엇을)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="242"/>
        <source>Only a signed-in supervisor can edit and publish the status board.</source>
        <translation>로그인한 감독자만 상태판을 편집하고 게시할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="289"/>
        <source>The desk has not been started: press Start to begin from the board shown now.</source>
        <translation>상태판 편집을 아직 시작하지 않았습니다. 시작을 눌러 지금 보이는 상태판에서 시작하십시오.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="294"/>
        <source>Editing version {v} · {n} systems</source>
        <translation>편집 중인 버전 {v} · 시스템 {n}개</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="320"/>
        <source>published</source>
        <translation>게시됨</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="328"/>
        <source>Start from the board shown now</source>
        <translation>지금 보이는 상태판에서 시작</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="402"/>
        <source>Published version {v} to {o}.</source>
        <translation>버전 {v}을(를) {o}에 게시했습니다.</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="414"/>
        <source>The desk could not do this ({name}).</source>
        <translation>상태판 작업을 하지 못했습니다 ({name}).</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/status_desk_page.py" line="454"/>
        <source>Remove {id} from the board?</source>
        <translation>{id}을(를) 상태판에서 뺄까요?</translation>
    </message>
</context>
</TS>
