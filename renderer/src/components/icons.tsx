import type { SVGProps } from 'react';

/**
 * Small stroke icons (24×24 grid, drawn in the style of Tabler Icons) bundled as inline SVG, so the strict CSP
 * needs no remote or font icons. Size in px via `size`; colour follows `currentColor`.
 */
type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Svg({ size = 16, children, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

export const IconUpload = (p: IconProps) => (
  <Svg {...p}><path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" /><path d="M7 9l5-5 5 5" /><path d="M12 4v12" /></Svg>
);
export const IconFile = (p: IconProps) => (
  <Svg {...p}><path d="M14 3v4a1 1 0 0 0 1 1h4" /><path d="M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z" /><path d="M9 13h6" /><path d="M9 17h4" /></Svg>
);
export const IconActivity = (p: IconProps) => (
  <Svg {...p}><path d="M3 12h4l3 8 4-16 3 8h4" /></Svg>
);
export const IconInbox = (p: IconProps) => (
  <Svg {...p}><path d="M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z" /><path d="M4 13h3l3 3h4l3-3h3" /></Svg>
);
export const IconSend = (p: IconProps) => (
  <Svg {...p}><path d="M10 14L21 3" /><path d="M21 3l-6.5 18a.55.55 0 0 1-1 0L10 14l-7-3.5a.55.55 0 0 1 0-1z" /></Svg>
);
export const IconPlug = (p: IconProps) => (
  <Svg {...p}><path d="M9.785 6l8.215 8.215l-2.054 2.054a5.81 5.81 0 1 1-8.215-8.215z" /><path d="M4 20l3.5-3.5" /><path d="M15 4l-3.5 3.5" /><path d="M20 9l-3.5 3.5" /></Svg>
);
export const IconSettings = (p: IconProps) => (
  <Svg {...p}><path d="M10.325 4.317c.426-1.756 2.924-1.756 3.35 0a1.724 1.724 0 0 0 2.573 1.066c1.543-.94 3.31.826 2.37 2.37a1.724 1.724 0 0 0 1.065 2.572c1.756.426 1.756 2.924 0 3.35a1.724 1.724 0 0 0-1.066 2.573c.94 1.543-.826 3.31-2.37 2.37a1.724 1.724 0 0 0-2.572 1.065c-.426 1.756-2.924 1.756-3.35 0a1.724 1.724 0 0 0-2.573-1.066c-1.543.94-3.31-.826-2.37-2.37a1.724 1.724 0 0 0-1.065-2.572c-1.756-.426-1.756-2.924 0-3.35a1.724 1.724 0 0 0 1.066-2.573c-.94-1.543.826-3.31 2.37-2.37c1 .608 2.296.07 2.572-1.065z" /><path d="M9 12a3 3 0 1 0 6 0a3 3 0 0 0-6 0" /></Svg>
);
export const IconPlay = (p: IconProps) => (
  <Svg {...p}><path d="M7 4v16l13-8z" /></Svg>
);
export const IconPause = (p: IconProps) => (
  <Svg {...p}><path d="M6 5h4v14H6z" /><path d="M14 5h4v14h-4z" /></Svg>
);
export const IconStop = (p: IconProps) => (
  <Svg {...p}><path d="M5 5h14v14H5z" /></Svg>
);
export const IconRefresh = (p: IconProps) => (
  <Svg {...p}><path d="M20 11A8.1 8.1 0 0 0 4.5 9M4 5v4h4" /><path d="M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4" /></Svg>
);
export const IconX = (p: IconProps) => (
  <Svg {...p}><path d="M18 6L6 18" /><path d="M6 6l12 12" /></Svg>
);
export const IconCheck = (p: IconProps) => (
  <Svg {...p}><path d="M5 12l5 5L20 7" /></Svg>
);
export const IconAlert = (p: IconProps) => (
  <Svg {...p}><path d="M12 9v4" /><path d="M10.363 3.591L2.257 17.125a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636-2.87L13.637 3.59a1.914 1.914 0 0 0-3.274 0z" /><path d="M12 16h.01" /></Svg>
);
export const IconInfo = (p: IconProps) => (
  <Svg {...p}><path d="M3 12a9 9 0 1 0 18 0a9 9 0 0 0-18 0" /><path d="M12 9h.01" /><path d="M11 12h1v4h1" /></Svg>
);
export const IconSearch = (p: IconProps) => (
  <Svg {...p}><path d="M3 10a7 7 0 1 0 14 0a7 7 0 1 0-14 0" /><path d="M21 21l-6-6" /></Svg>
);
export const IconKeyboard = (p: IconProps) => (
  <Svg {...p}><path d="M2 8a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2z" /><path d="M6 10h0M10 10h0M14 10h0M18 10h0M6 14h0M18 14h0M10 14h4" /></Svg>
);
export const IconDownload = (p: IconProps) => (
  <Svg {...p}><path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" /><path d="M7 11l5 5 5-5" /><path d="M12 4v12" /></Svg>
);
export const IconChevronRight = (p: IconProps) => (
  <Svg {...p}><path d="M9 6l6 6-6 6" /></Svg>
);
export const IconArrowRight = (p: IconProps) => (
  <Svg {...p}><path d="M5 12h14" /><path d="M13 18l6-6" /><path d="M13 6l6 6" /></Svg>
);
export const IconFolder = (p: IconProps) => (
  <Svg {...p}><path d="M5 4h4l3 3h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2" /></Svg>
);
export const IconTrash = (p: IconProps) => (
  <Svg {...p}><path d="M4 7h16" /><path d="M10 11v6" /><path d="M14 11v6" /><path d="M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12" /><path d="M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3" /></Svg>
);
export const IconPlus = (p: IconProps) => (
  <Svg {...p}><path d="M12 5v14" /><path d="M5 12h14" /></Svg>
);
export const IconEdit = (p: IconProps) => (
  <Svg {...p}><path d="M7 7H6a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h9a2 2 0 0 0 2-2v-1" /><path d="M20.385 6.585a2.1 2.1 0 0 0-2.97-2.97L9 12v3h3z" /><path d="M16 5l3 3" /></Svg>
);
export const IconSparkles = (p: IconProps) => (
  <Svg {...p}><path d="M16 18a2 2 0 0 1 2 2a2 2 0 0 1 2-2a2 2 0 0 1-2-2a2 2 0 0 1-2 2zm0-12a2 2 0 0 1 2 2a2 2 0 0 1 2-2a2 2 0 0 1-2-2a2 2 0 0 1-2 2zM9 18a6 6 0 0 1 6-6a6 6 0 0 1-6-6a6 6 0 0 1-6 6a6 6 0 0 1 6 6z" /></Svg>
);
export const IconUndo = (p: IconProps) => (
  <Svg {...p}><path d="M9 14l-4-4 4-4" /><path d="M5 10h11a4 4 0 1 1 0 8h-1" /></Svg>
);
export const IconSun = (p: IconProps) => (
  <Svg {...p}><path d="M8 12a4 4 0 1 0 8 0a4 4 0 1 0-8 0" /><path d="M3 12h1m8-9v1m8 8h1m-9 8v1M5.6 5.6l.7.7m12.1-.7l-.7.7m0 11.4l.7.7m-12.1-.7l-.7.7" /></Svg>
);
export const IconMoon = (p: IconProps) => (
  <Svg {...p}><path d="M12 3h.393a7.5 7.5 0 0 0 7.92 12.446A9 9 0 1 1 12 2.992z" /></Svg>
);
export const IconLink = (p: IconProps) => (
  <Svg {...p}><path d="M9 15l6-6" /><path d="M11 6l.463-.536a5 5 0 0 1 7.071 7.072L18 13" /><path d="M13 18l-.397.534a5.068 5.068 0 0 1-7.127 0a4.972 4.972 0 0 1 0-7.071L6 11" /></Svg>
);
export const IconUnlink = (p: IconProps) => (
  <Svg {...p}><path d="M17 22v-2" /><path d="M9 15l6-6" /><path d="M11 6l.463-.536a5 5 0 0 1 7.071 7.072L18 13" /><path d="M13 18l-.397.534a5.068 5.068 0 0 1-7.127 0a4.972 4.972 0 0 1 0-7.071L6 11" /><path d="M20 17h2" /><path d="M2 7h2" /><path d="M7 2v2" /></Svg>
);
export const IconEye = (p: IconProps) => (
  <Svg {...p}><path d="M10 12a2 2 0 1 0 4 0a2 2 0 0 0-4 0" /><path d="M21 12c-2.4 4-5.4 6-9 6c-3.6 0-6.6-2-9-6c2.4-4 5.4-6 9-6c3.6 0 6.6 2 9 6" /></Svg>
);
export const IconBolt = (p: IconProps) => (
  <Svg {...p}><path d="M13 3v7h6l-8 11v-7H5l8-11" /></Svg>
);
export const IconTable = (p: IconProps) => (
  <Svg {...p}><path d="M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" /><path d="M3 10h18" /><path d="M10 3v18" /></Svg>
);
export const IconLogo = (p: IconProps) => (
  <Svg {...p} strokeWidth={2.2}><path d="M5 19V5" /><path d="M5 19h6" /><path d="M14 19V9l5-4v14" /><path d="M14 13h5" /></Svg>
);
