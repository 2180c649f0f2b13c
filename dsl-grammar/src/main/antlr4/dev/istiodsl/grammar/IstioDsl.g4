/*
 * The .istiodsl language.
 *
 * A file is either the root of a mesh (`mesh NAME { ... }`) or a library: top-level imports, revisions,
 * gateways and overlays, pulled in with `import`. Statements need no separators: every statement starts
 * with a keyword or a setting name, and lists are comma-separated.
 *
 * Settings (`istio 1.20.2`, `replicas 3`, `output flux`) share one generic rule; the binder knows which
 * settings each block accepts, so a misspelt one gets a "did you mean" instead of a token list.
 */
grammar IstioDsl;

file
    : meshDecl EOF                                              #meshFile
    | libraryMember* EOF                                        #libraryFile
    ;

meshDecl
    : MESH name LBRACE meshMember* RBRACE
    ;

meshMember
    : importDecl
    | revisionDecl
    | gatewayDecl
    | overlayDecl
    | environmentDecl
    | tagDecl
    | suppressDecl
    | setting
    ;

libraryMember
    : importDecl
    | revisionDecl
    | gatewayDecl
    | overlayDecl
    ;

importDecl
    : IMPORT STRING                                             #fileImport
    | IMPORT WORD                                               #stdImport
    ;

revisionDecl
    : REVISION name LBRACE revisionMember* RBRACE
    ;

revisionMember
    : setDecl
    | componentDecl
    | setting
    ;

setDecl
    : SET setPath EQUALS value
    ;

setPath
    : WORD
    | STRING
    | keyword
    ;

componentDecl
    : COMPONENT name map
    ;

tagDecl
    : TAG name ARROW name
    ;

/* `suppress Image.LatestTag "why"`, or only for some resources: `suppress Image.LatestTag Deployment "debug-*" "why"`. */
suppressDecl
    : SUPPRESS ruleId=WORD (kind=WORD pattern=STRING)? reason=STRING
    ;

gatewayDecl
    : GATEWAY name LBRACE gatewayMember* RBRACE
    ;

gatewayMember
    : portDecl
    | setting
    ;

portDecl
    : PORT name NUMBER (ARROW NUMBER)?
    ;

overlayDecl
    : OVERLAY name LBRACE overlayMember* RBRACE
    ;

overlayMember
    : PATCH selector LBRACE patchOp* RBRACE                     #inlinePatch
    | PATCH selector FROM STRING                                #filePatch
    | MERGE selector map                                        #inlineMerge
    | MERGE selector FROM STRING                                #fileMerge
    | DROP selector                                             #drop
    | RESOURCE map                                              #inlineResource
    | RESOURCE FROM STRING                                      #fileResource
    | setDecl                                                   #overlaySet
    ;

selector
    : kind=WORD pattern=STRING selectorClause*
    ;

selectorClause
    : IN name                                                   #inNamespace
    | REVISION name                                             #inRevision
    | TAG name                                                  #inTag
    | GATEWAY name                                              #inGateway
    ;

/* One RFC 6902 operation: `add /path VALUE`, `remove /path`, `move /to from /from`. */
patchOp
    : op=WORD pointer (FROM from=pointer | value)?
    ;

pointer
    : POINTER
    | STRING
    ;

environmentDecl
    : ENVIRONMENT name environmentClause* LBRACE environmentMember* RBRACE
    ;

environmentClause
    : EXTENDS name                                              #extendsClause
    | AFTER name SOAK soak=value                                #afterClause
    ;

environmentMember
    : tagDecl
    | namespacesDecl
    | suppressDecl
    | clusterDecl
    | setting
    ;

/* `cluster prod-eu-1`, or with the settings of that cluster: `cluster prod-eu-1 { network net1  set ... }`. */
clusterDecl
    : CLUSTER name (LBRACE clusterMember* RBRACE)?
    ;

clusterMember
    : setDecl
    | setting
    ;

namespacesDecl
    : NAMESPACES LBRACE binding* RBRACE
    ;

binding
    : name ARROW name
    ;

/* A named setting with one value or a comma-separated list: `revisions a, b`. */
setting
    : settingName=WORD value (COMMA value)*
    ;

value
    : STRING                                                    #stringValue
    | POINTER                                                   #pathValue
    | NUMBER                                                    #numberValue
    | VERSION                                                   #versionValue
    | DURATION                                                  #durationValue
    | (TRUE | FALSE)                                            #booleanValue
    | NULL                                                      #nullValue
    | (WORD | keyword)                                          #wordValue
    | list                                                      #listValue
    | map                                                       #mapValue
    ;

list
    : LBRACKET (value (COMMA value)* COMMA?)? RBRACKET
    ;

map
    : LBRACE (entry (COMMA? entry)* COMMA?)? RBRACE
    ;

entry
    : key COLON value
    ;

key
    : name
    | STRING
    | NUMBER
    ;

/* Declaration names may be spelled like keywords: an environment called `test`, a namespace called `gateway`. */
name
    : WORD | NUMBER | DURATION | VERSION | keyword
    ;

/* Keywords read as plain words where a name or a value is expected. */
keyword
    : MESH | IMPORT | REVISION | SET | COMPONENT | TAG | GATEWAY | PORT | OVERLAY | PATCH | MERGE | DROP
    | RESOURCE | FROM | IN | ENVIRONMENT | EXTENDS | AFTER | SOAK | NAMESPACES | SUPPRESS | CLUSTER | TRUE | FALSE
    | NULL
    ;

MESH        : 'mesh';
IMPORT      : 'import';
REVISION    : 'revision';
SET         : 'set';
COMPONENT   : 'component';
TAG         : 'tag';
GATEWAY     : 'gateway';
PORT        : 'port';
OVERLAY     : 'overlay';
PATCH       : 'patch';
MERGE       : 'merge';
DROP        : 'drop';
RESOURCE    : 'resource';
FROM        : 'from';
IN          : 'in';
ENVIRONMENT : 'environment';
EXTENDS     : 'extends';
AFTER       : 'after';
SOAK        : 'soak';
NAMESPACES  : 'namespaces';
SUPPRESS    : 'suppress';
CLUSTER     : 'cluster';
TRUE        : 'true';
FALSE       : 'false';
NULL        : 'null';

LBRACE   : '{';
RBRACE   : '}';
LBRACKET : '[';
RBRACKET : ']';
COMMA    : ',';
COLON    : ':';
EQUALS   : '=';
ARROW    : '->';
/* A common slip for '->'; the lexer reports it and reads it as '->'. */
FAT_ARROW: '=>';

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS           : [ \t\r\n\f]+ -> channel(HIDDEN);

STRING
    : '"' ( ESCAPE | ~["\\\r\n] )* '"'
    ;

/* Recognised so the error can say "unterminated string" instead of listing tokens. */
UNTERMINATED_STRING
    : '"' ( ESCAPE | ~["\\\r\n] )*
    ;

/* 1.20.2, 1.31.0-rc.0 */
VERSION
    : DIGIT+ '.' DIGIT+ '.' DIGIT+ ('-' [A-Za-z0-9.]+)?
    ;

/* 7d, 36h, 1h30m, 90s; a negative one too (-1m, -500ms, -1.5h), which no setting takes: one value the binder refuses. */
DURATION
    : (DIGIT+ [dhms])+
    | '-' (DIGIT+ ('.' DIGIT+)? ('ns' | 'us' | 'ms' | [dhms]))+
    ;

NUMBER
    : '-'? DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)?
    ;

/* JSON Pointer (RFC 6901) in patch operations: /spec/template/spec/containers/0/env/- */
POINTER
    : '/' ~[ \t\r\n{}[\],"#]*
    ;

/*
 * Names, kinds, namespaces, `set` paths (values.cni.enabled, a.[0].b, a.[name:x].b, a\.b),
 * std imports (std/hardening) and unquoted string values. A word never ends in '-', '.' or '/',
 * so `default->stable` reads as three tokens.
 */
WORD
    : WORD_START (WORD_PART* WORD_END)?
    ;

ERROR_CHAR
    : .
    ;

fragment WORD_START : [A-Za-z0-9_] ;
fragment WORD_PART  : [A-Za-z0-9_\-./] | BRACKETED | '\\.' ;
fragment WORD_END   : [A-Za-z0-9_] | BRACKETED ;
fragment BRACKETED  : '[' ~[\]\r\n \t]* ']' ;
fragment DIGIT      : [0-9] ;
fragment ESCAPE     : '\\' ( ["\\/bfnrt] | 'u' HEX HEX HEX HEX ) ;
fragment HEX        : [0-9a-fA-F] ;
