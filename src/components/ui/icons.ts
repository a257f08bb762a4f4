/**
 * The app's icon vocabulary: one Lucide drawing per meaning, so "warning" or "video" looks the
 * same on every page. Named exports (not one object) so a client bundle carries only the
 * drawings it uses. Pass them to <Icon>, <IconText> or <Chip> (./icon.tsx).
 */
export {
  AlarmClock as alarmIcon,
  ArrowLeft as backIcon,
  ArrowRight as forwardIcon,
  Ban as deniedIcon,
  Calendar as scheduledIcon,
  Check as checkIcon,
  CircleAlert as problemIcon,
  CircleCheck as doneIcon,
  CirclePlay as inProgressIcon,
  CircleX as cancelledIcon,
  ClipboardList as todoIcon,
  Clock as pendingIcon,
  ClockAlert as overdueIcon,
  Eye as reviewIcon,
  FileText as resultIcon,
  Hand as heldIcon,
  Hourglass as waitingIcon,
  Info as infoIcon,
  Lock as lockIcon,
  Maximize2 as expandIcon,
  Megaphone as instructedIcon,
  MessageSquare as discussedIcon,
  Microscope as labIcon,
  Minus as noneIcon,
  Pencil as draftIcon,
  Phone as phoneIcon,
  Pill as opioidIcon,
  Plus as addIcon,
  TestTube as specimenIcon,
  TriangleAlert as warningIcon,
  UserX as noShowIcon,
  Video as videoIcon,
} from "lucide";
